"""Wire datelines: where a summary says it was filed from ("KABUL, Afghanistan (AP) —"). A
name in a dateline is a place, never a party (actors.py marks it); the dateline's state
speaks for an official named without a country (hosts.py)."""
from __future__ import annotations

import re

# Wire datelines: "KABUL, Afghanistan (AP) —", "ISLAMABAD (Reuters) -", "NEW DELHI:",
# "MOSCOW, July 4 (TASS) -", "Kabul, Oct 12 (AFP) -", "Islamabad [Pakistan], Nov 3 (ANI):",
# "DUBAI, July 15. /TASS/.", "Islamabad, Jan 30, (dpa) -", "ROME/KABUL, July 22 (Reuters) -" (two places), "KABUL 15 Sept 2025:", "Islamabad:".
_DATE = r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})(?:,?\s+\d{4})?"
_DATE_PART = r"(?:,\s*" + _DATE + ")"
_CAPITALS_DATE_PART = r"(?:,?\s*" + _DATE + ")"  # in capitals the comma may be missing: "KABUL 15 Sept 2025:"
_AGENCY = r"(?:\(\s*[A-Za-z][\w .&/-]{0,28}\)|/[A-Za-z][\w .-]{0,20}/\.?)"
_DATELINE = re.compile(
    r"\s*(?:"
    r"[A-Z][A-Z.'’ /-]{1,38}(?:,\s*[A-Z][\w.'’ -]{1,38}?)?(?:\s*\[[^\]]{1,30}\])?" + _CAPITALS_DATE_PART + r"?\s*" + _AGENCY + r"?\s*(?:[—–:]|--?)\s*"
    r"|[A-Z][\w.'’ -]{1,38}?(?:,\s*[A-Z][\w.'’ -]{1,38}?)?(?:\s*\[[^\]]{1,30}\])?(?:" + _DATE_PART + r",?\s*" + _AGENCY
    + r"?|\s*" + _AGENCY + r")\s*(?:[—–:]|--?)\s*"
    r"|[A-Z][A-Z.'’ -]{1,38}(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\.?)?\s*/[A-Za-z][\w .-]{0,20}/\.\s*"  # "MOSCOW, July 15. /TASS/."
    r"|[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?:\s+(?=[A-Z])"  # "Islamabad: The Taliban on Sunday freed ...", "New Delhi: India and ..."
    r")"
)
_DATELINE_END = re.compile(r"[—–:-]|/\.")  # every dateline ends with one of these
_DATELINE_LONGEST = 70


def dateline_span(text: str) -> tuple[int, int]:
    """Where the summary's dateline is ("KABUL, Afghanistan (AP) —"), or (0, 0)."""
    offset = text.find("\n") + 1 if "\n" in text else 0
    if not offset or not _DATELINE_END.search(text, offset, offset + _DATELINE_LONGEST):
        return 0, 0  # no dash or colon early in the summary: no dateline (a cheap test before the expression)
    found = _DATELINE.match(text, offset)
    if found is None or found.end() - offset > _DATELINE_LONGEST:
        return 0, 0
    return offset, found.end()
