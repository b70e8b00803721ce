"""Stage 3, process: keep what concerns Afghanistan, give each item its identity, tag it.

Pure functions over parsed entries: the relevance filter, the canonical URL that
lets two feeds' copies of a story meet, the title key used when URLs differ, and
the hash that tells an updated item from an unchanged one.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import ahocorasick

from ingest.parse import ParsedEntry
from ingest.tagging import TagResult, Tagger, whole_word_key, word_spaced

TRACKING_PARAMS = {
    "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ocid", "cmpid",
    "ref", "ref_src", "smid", "smtyp", "taid", "cid", "rss", "feed", "at_medium", "at_campaign",
    "src", "sr_share", "spm", "xtor", "_ga",
}
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "wt_", "__twitter")
# Aggregators whose item links are redirects that carry the real URL in a parameter.
AGGREGATOR_HOSTS = ("news.google.com", "bing.com", "www.bing.com", "news.yahoo.com",
                    "r.search.yahoo.com", "feedproxy.google.com", "t.co", "l.facebook.com")
AGGREGATOR_URL_PARAMS = ("url", "u", "q", "ru", "target")
_TITLE_SUFFIX = re.compile(r"\s+[-|]\s+[^-|]{2,60}$")  # after _plain_typography: dashes are "-"
_TYPOGRAPHY = str.maketrans({
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u0060", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
})
_APOSTROPHE_IN_WORD = re.compile(r"(?<=\w)'(?=\w)")  # "Afghanistan's" -> "Afghanistans"
_NON_WORD = re.compile(r"[^\w]+")


class RelevanceFilter:
    """Keeps an item when its title or summary names one of the configured terms, and
    it is not one of the known decoys.

    Terms inside a phrase of `ignore` do not count, so "Pakistani Taliban" (the TTP) does
    not make a story about Pakistan's own insurgency look like one about Afghanistan.
    `decoys` (the taxonomy's [relevance] table) names three more kinds of story that use
    the words without the subject: one whose only term is a weak one ("Taliban") set in
    Pakistani places (Swat, Khyber Pakhtunkhwa); one about food, dogs, books, stage,
    film or sport ("Afghan hound", "Kabul Kitchen", a cricket score) that names nothing
    of politics, war, aid or people's lives; and one about Afghanistan's past (the Soviet
    war, the Anglo-Afghan wars) that names nothing of the Taliban era. A term inside a quoted
    code name ("an inquiry code-named 'Kabul'") does not count, nor does one only placing the
    story by the border ("a peak a short distance from the Afghan border"). One Aho-Corasick pass over the word-spaced
    text (see ingest.tagging.word_spaced) finds every list as whole words, any case.
    """

    def __init__(self, terms: tuple[str, ...], ignore: tuple[str, ...] = (), decoys: dict | None = None):
        self._automaton = ahocorasick.Automaton()
        entries = [(t.strip(), "term") for t in terms] + [(p.strip(), "ignore") for p in ignore]
        decoys = decoys or {}
        weak = {t.strip().lower() for t in decoys.get("weak_terms", [])}
        for kind in ("pakistan_context", "culture_context", "politics_anchor", "history_context", "present_anchor",
                     "location_aside", "kin_group_aside", "headline_rulers", "life_story", "life_story_anchor"):
            entries += [(word.strip(), kind) for word in decoys.get(kind, [])]
        keys: dict[str, list] = {}
        for phrase, kind in entries:
            key = whole_word_key(phrase)
            literal = phrase.lower() if _NON_WORD.search(phrase) else None
            strong = kind == "term" and phrase.lower() not in weak
            keys.setdefault(key, []).append((len(key) - key.startswith(" "), len(phrase), literal, kind, strong))
        for key, found in keys.items():
            self._automaton.add_word(key, tuple(found))
        self._code_name = _code_name_expression(decoys.get("code_name_markers", []))
        self._empty = not terms
        if keys:
            self._automaton.make_automaton()

    def is_relevant(self, title: str, summary: str) -> bool:
        if self._empty:
            return False
        text = f"{title}\n{summary}"
        terms, spans, kinds = self._found(text, len(title))
        ignore = spans["ignore"] + self._code_names(text)
        counted = [term for term in terms if not _inside(term[0], term[1], ignore)] if ignore else terms
        if not counted:
            return False
        asides = spans["location_aside"] + spans["kin_group_aside"]
        if asides and _all_inside(counted, asides):
            return False  # a peak in Chitral "a short distance from the Afghan border": a locator only
        strong = _any_strong(counted, asides)
        if "pakistan_context" in kinds and not strong:
            return False  # "Taliban" in Swat, with nothing Afghan: Pakistan's own insurgency
        if not strong and _all_quoted(text, terms):
            return False  # "a 'Taliban classroom'", said of a rival at home: a figure of speech
        if "history_context" in kinds and "present_anchor" not in kinds:
            return False  # the Soviet war, the retreat of 1842: Afghanistan's past, not today's Kabul
        if spans["life_story"] and _all_inside(counted, spans["life_story"]) and "life_story_anchor" not in kinds:
            return False  # "an Afghan-born nurse honoured in Calgary": a life abroad, not Afghan affairs
        return not _soft_news(_distinct(kinds.get("culture_context", ())), _distinct(kinds.get("politics_anchor", ())),
                              "headline_rulers" in kinds)

    def _code_names(self, text: str) -> list[tuple[int, int]]:
        """The quoted names that are code names ("an inquiry code-named 'Kabul'", "'Operation
        Kabul'"): a fraud inquiry in Antwerp named after Kabul is not news of Kabul."""
        if self._code_name is None:
            return []
        return [quote.span() for quote in _QUOTATION.finditer(text)
                if self._code_name.search(text, max(0, quote.start() - 20), quote.start() + 12)]

    def _found(self, text: str, title_end: int) -> tuple[list, dict, dict]:
        """The terms found (start, end, strong), the spans of the kinds that only mark
        spans (ignore, location_aside, kin_group_aside, life_story), and per other kind the
        distinct words of it found (headline_rulers only in the title)."""
        terms, spans, kinds = [], {"ignore": [], "location_aside": [], "kin_group_aside": [], "life_story": []}, {}
        for last, found in self._automaton.iter(word_spaced(text)):
            for back, length, literal, kind, is_strong in found:
                start = last - back
                if literal is not None and text[start:start + length].lower() != literal:
                    continue  # "isis k" is the key of "isis-k": the hyphen must be there
                if kind == "term":
                    terms.append((start, start + length, is_strong))
                elif kind in spans:
                    spans[kind].append((start, start + length))
                elif kind != "headline_rulers" or start < title_end:  # rulers named in the summary: not counted
                    kinds.setdefault(kind, set()).add(text[start:start + length].lower())
        return terms, spans, kinds


def _any_strong(terms: list[tuple[int, int, bool]], asides: list[tuple[int, int]]) -> bool:
    """Is a term strong and outside every aside ("which borders Afghanistan", "a separate
    group from the Afghan Taliban")?"""
    for start, end, is_strong in terms:
        if is_strong and not (asides and _inside(start, end, asides)):
            return True
    return False


def _all_inside(terms: list[tuple[int, int, bool]], spans: list[tuple[int, int]]) -> bool:
    """Is every term inside one of the spans (each a phrase of someone's life abroad: "Afghan-born",
    "fled Kabul as a child", "arrived from Afghanistan as a refugee")?"""
    for start, end, _ in terms:
        if not _inside(start, end, spans):
            return False
    return True


# A quoted epithet, a few words between quote marks that are not apostrophes inside words
# ("'Taliban policy'", "'a Taliban classroom'"); a statement quoted at length is not one.
_QUOTATION = re.compile(r"(?<!\w)['‘\"“][^'’\"”\n]{1,30}['’\"”](?!\w)")


def _code_name_expression(markers: list[str]) -> re.Pattern | None:
    """A marker just before a quote mark or just after it ("code-named 'Kabul'", "'Operation Kabul'")."""
    if not markers:
        return None
    words = "|".join(re.escape(marker) for marker in sorted(markers, key=len, reverse=True))
    return re.compile(rf"(?i)\b(?:{words})\s*['‘\"“]|['‘\"“](?:{words})\b")


def _all_quoted(text: str, terms: list[tuple[int, int, bool]]) -> bool:
    """Is every term inside a quoted epithet ("called the ban 'Taliban policy'")? With
    only weak terms, such a story uses the word as an epithet in another country's politics."""
    quotes = [match.span() for match in _QUOTATION.finditer(text)]
    return bool(quotes) and all(_inside(start, end, quotes) for start, end, _ in terms)


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _distinct(words) -> int:
    """How many different words: "refugee" and "refugees" are one."""
    return len({word[:-1] if word.endswith("s") else word for word in words})


def _soft_news(culture_words: int, politics_words: int, rulers_in_headline: bool) -> bool:
    """Food, sport, film, a dog: a story of these that names nothing of politics, war, aid
    or people's lives; or one built on them (two or more of their words) where such
    words are only its background ("fled Kabul after the Taliban returned", the
    Refugee Olympic Team). News of the Taliban and culture (they ban dog shows, censor
    films) has them in its headline or names more of politics than two words."""
    if culture_words >= 1 and politics_words == 0:
        return True
    return culture_words >= 2 and politics_words <= 2 and not rulers_in_headline


@dataclass(frozen=True)
class ProcessedItem:
    entry: ParsedEntry
    canonical_url: str
    title_key: str
    item_hash: str
    # None for an item rebuilt from a StoredItem (restored): the store stage tags it
    # unless it finds it stored unchanged after all (store.complete_untagged).
    tags: TagResult | None = None
    # Content stems and their MinHash LSH band keys for event clustering, computed here
    # (in the parse workers) so the single writer only looks them up.
    stems: frozenset = frozenset()
    cluster_keys: tuple = ()

    @property
    def guid(self) -> str:
        return self.entry.guid


class StoredItem(NamedTuple):
    """An item this feed had stored with this same text when it was fetched: all the
    store stage needs to count it as known, and to check that it still is. A feed that
    gained one item re-sends the forty-nine others, and building, sending and walking
    them whole was a third of a steady poll's work (issue #13, point 7). `position`, its
    index among the feed's parsed entries, lets the writer rebuild it (`restored`)
    should the database have moved on since the fetch."""
    guid: str
    item_hash: str
    position: int


@dataclass(frozen=True)
class ProcessedFeed:
    items: list[ProcessedItem | StoredItem]
    not_relevant: int


def process_entries(entries: list[ParsedEntry], relevance: RelevanceFilter, tagger: Tagger,
                    stored: dict[str, str] | None = None) -> ProcessedFeed:
    """Filter, identify and tag `entries`; the count of dropped items is kept for the log.

    An item is kept when its words concern Afghanistan (RelevanceFilter) and it is not
    off subject (`off_subject`: English prose with no topic, no engagement event and no
    foreign participant).

    `stored` maps the guids this feed's stories were stored under to their item hashes:
    an entry stored before with the same text is neither tagged nor identified again,
    only kept as a StoredItem. A feed that gained one item re-sends the forty-nine
    others, and tagging them again was most of a steady-state poll's work; should the
    store stage find such an item changed after all (the database moved on since), it
    rebuilds and tags it itself (`restored`, `tagged`).
    """
    stored = stored or {}
    kept = [(position, entry) for position, entry in enumerate(entries)
            if relevance.is_relevant(entry.title, entry.summary)]
    hashes = [item_hash(entry) for _, entry in kept]
    unchanged = [stored.get(entry.guid) == digest for (_, entry), digest in zip(kept, hashes)]
    features = iter(_cluster_features([entry for (_, entry), known in zip(kept, unchanged) if not known]))
    items = [StoredItem(entry.guid, digest, position) if known else _processed(entry, digest, tagger, *next(features))
             for (position, entry), digest, known in zip(kept, hashes, unchanged)]
    items = [item for item in items if isinstance(item, StoredItem) or not off_subject(item.entry.summary, item.tags)]
    return ProcessedFeed(items=items, not_relevant=len(entries) - len(items))


# Enough English text to judge a story by its tags: the taxonomy's words are English, and
# a headline alone (news-search feeds carry only that) says too little to drop it.
MIN_WORDS_TO_JUDGE = 25
_ENGLISH_SHARE = 0.15
_ENGLISH_FUNCTION_WORDS = frozenset("the a an of to in on for and with by from at as is was were has have had said that "
                                    "its their his her it they which who after".split())
_WORDS = re.compile(r"[^\W\d_]+")


def off_subject(summary: str, tags: TagResult) -> bool:
    """Is an item kept for its words ("Kabul", "Afghan") about something else? Yes when
    its tags hold no topic, no engagement event and no foreign participant (not
    TagResult.on_subject) and its summary
    is English prose long enough to have shown one: a kite festival in Hamburg, a lecture
    on a king's tour of 1928. A headline alone, or text in another language, is kept.
    Also yes when the relevance model finds a story very unlikely to be ours
    (TagResult.unlikely_ours: a play set in Kabul, a Pakistani Taliban raid in Orakzai)."""
    if tags.unlikely_ours:
        return True
    if tags.on_subject:
        return False
    words = _WORDS.findall(summary)
    if len(words) < MIN_WORDS_TO_JUDGE:
        return False
    return sum(word.lower() in _ENGLISH_FUNCTION_WORDS for word in words) >= _ENGLISH_SHARE * len(words)


def tagged(item: ProcessedItem, tagger: Tagger) -> ProcessedItem:
    """`item` with its tags and clustering features, for one rebuilt untagged (`restored`)."""
    if item.tags is not None:
        return item
    (stems, keys), = _cluster_features([item.entry])
    return _processed(item.entry, item.item_hash, tagger, stems, keys)


def restored(entries: list[ParsedEntry], item: StoredItem) -> ProcessedItem:
    """The untagged item `item` stands for, from its feed's entries parsed again."""
    entry = entries[item.position]
    return ProcessedItem(**_identity(entry, item_hash(entry)))


def _processed(entry: ParsedEntry, digest: str, tagger: Tagger, stems: frozenset, keys: tuple) -> ProcessedItem:
    return ProcessedItem(**_identity(entry, digest), tags=tagger.tag(entry.title, entry.summary, entry.published_at.date()),
                         stems=stems, cluster_keys=keys)


def _identity(entry: ParsedEntry, digest: str) -> dict:
    """What lets the store stage recognise the item: its URL, title key and hash."""
    return {"entry": entry, "canonical_url": canonical_url(entry.link, entry.alternate_links) or _synthetic_url(entry),
            "title_key": title_key(entry.title), "item_hash": digest}


def _cluster_features(entries: list[ParsedEntry]) -> list[tuple[frozenset, tuple]]:
    """Each entry's content stems and LSH band keys for event clustering; the keys of
    all a feed's entries are computed in one vectorised pass."""
    from ingest.clustering.features import band_keys_of_many, content_stems

    stems = [content_stems(entry.title, entry.summary) for entry in entries]
    return [(entry_stems, tuple(keys)) for entry_stems, keys in zip(stems, band_keys_of_many(stems))]


def canonical_url(link: str, alternates: tuple[str, ...] = ()) -> str:
    """The story's URL without tracking parameters or fragment, aggregator redirects unwrapped."""
    if not link:
        return ""
    unwrapped = unwrap_aggregator(link)
    if unwrapped == link and _is_aggregator(link):
        unwrapped = next((alt for alt in alternates if not _is_aggregator(alt)), link)
    parts = urlsplit(unwrapped)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    host = (parts.hostname or "").lower()
    netloc = host if not parts.port or parts.port in (80, 443) else f"{host}:{parts.port}"
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), netloc, path, urlencode(query), ""))


def unwrap_aggregator(link: str) -> str:
    """The real article URL inside an aggregator's redirect link, where the link carries it."""
    if not _is_aggregator(link):
        return link
    for key, value in parse_qsl(urlsplit(link).query):
        if key.lower() in AGGREGATOR_URL_PARAMS and value.startswith(("http://", "https://")):
            return value
    return link


def _is_aggregator(link: str) -> bool:
    host = (urlsplit(link).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in AGGREGATOR_HOSTS)


def _is_tracking(key: str) -> bool:
    key = key.lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def title_key(title: str) -> str:
    """A hash of the title without the outlet suffix, case, accents, punctuation and
    typography.

    Two feeds often carry one story under different URLs (an aggregator's link and
    the publisher's); the normalised title lets them meet. Outlets type the same
    headline differently ("Afghanistan’s" and "Afghanistan's", "Kabul–Islamabad" and
    "Kabul-Islamabad", a no-break space, full-width letters), so typography is folded
    first (issue #13, point 8). Accents are folded by dropping combining marks, not every
    non-ASCII character: a headline in Pashto, Dari or Russian keeps its words (all such
    headlines once had one key). Changing this changes stored keys: a migration re-keys
    the stories table (db/migrations/versions/0008_title_key_typography.py, 0012).
    """
    text = _plain_typography(title.strip())
    text = _TITLE_SUFFIX.sub("", text)
    text = _APOSTROPHE_IN_WORD.sub("", text)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _NON_WORD.sub(" ", text.lower()).strip()
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _plain_typography(text: str) -> str:
    """NFKC (compatibility forms: full-width letters, ligatures, no-break spaces), then
    curly quotes as straight ones and every dash as a hyphen."""
    return unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY)


def item_hash(entry: ParsedEntry) -> str:
    return hashlib.sha256(f"{entry.title}\n{entry.summary}\n{entry.link}".encode()).hexdigest()


def _synthetic_url(entry: ParsedEntry) -> str:
    """Items without a usable link still need a unique key; it is never shown as a link."""
    return "urn:sha256:" + hashlib.sha256(entry.guid.encode()).hexdigest()
