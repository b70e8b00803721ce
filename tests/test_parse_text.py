"""The text a story keeps of its feed's HTML (ingest/parse.py clean_text) and the links it
keeps, read by shortcuts for the common cases (issue #13, point 7): the shortcuts must
give what the HTML parser and urlsplit give, on any input."""
import html
import re
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.parse import _CONTROL, _TextExtractor, _safe_link, _text_of_plain_markup, clean_text


def parser_text(value: str) -> str:
    """clean_text as it was before the shortcut: every fragment through the HTML parser."""
    if not value:
        return ""
    if "<" in value:
        extractor = _TextExtractor()
        try:
            extractor.feed(value)
            extractor.close()
            value = "".join(extractor.parts)
        except Exception:
            value = re.sub(r"<[^>]*>", " ", value)
    value = _CONTROL.sub("", html.unescape(value))
    return re.sub(r"\s+", " ", value).strip()


def urlsplit_link(link: str) -> str:
    """_safe_link's answer for an absolute link, as urlsplit alone gave it."""
    try:
        return link[:2000] if urlsplit(link).netloc else ""
    except ValueError:
        return ""


@pytest.mark.parametrize("fragment, text", [
    ("<p>Kabul &amp; Tashkent</p><p>signed</p>", "Kabul & Tashkent signed"),
    ("One<br/>two<br />three", "One two three"),
    ('<a href="https://x.org/a?b=1&amp;c=2">the deal</a>, officials <b>said</b>', "the deal, officials said"),
    ("<P CLASS=lead>Loud</P >", "Loud"),
    ("<p>&amp;lt;b&amp;gt; is text</p>", "<b> is text"),  # unescaped twice, as the parser's text is
    ("&amp;lt;b&amp;gt; plain", "&lt;b&gt; plain"),  # without markup, once
    ("<script>alert(1)</script>Text", "Text"),  # a script's content is never text (the parser reads it)
    ("<!-- note -->Text &lt; more", "Text < more"),
    ("3 < 4 and 5 > 4", "3 < 4 and 5 > 4"),
])
def test_feed_html_becomes_the_text_a_reader_sees(fragment, text):
    assert clean_text(fragment) == text == parser_text(fragment)


def test_common_summaries_take_the_shortcut():
    for fragment in ("<p>a</p><p>b</p>", '<p>a <a href="https://x.org/1" target=_blank>b</a></p><img src="x.jpg"/>'):
        assert _text_of_plain_markup(fragment) is not None


names = st.sampled_from(["p", "P", "br", "div", "a", "b", "span", "img", "li", "h1", "script", "style", "title",
                         "textarea", "template", "x-y", "h1x", ""])
space = st.sampled_from(["", " ", "  ", "\n", "\t", "\x0b", "\xa0", "\f", "/"])
value = st.one_of(st.text(st.sampled_from("ab/&;#<>=\"' \xa0`x1"), max_size=6).map(lambda v: f'"{v}"'),
                  st.text(st.sampled_from("ab/&;#<>=\"' \xa0`x1"), max_size=6).map(lambda v: f"'{v}'"),
                  st.text(st.sampled_from("ab/&;#=.:?%x1"), max_size=6))
attribute = st.tuples(space, st.sampled_from(["href", "class", "data-x", "x:y", "=", "disabled"]), space,
                      st.sampled_from(["", "=", " = ", "=="]), value).map("".join)
start_tag = st.tuples(st.just("<"), names, st.lists(attribute, max_size=3).map("".join), space,
                      st.sampled_from([">", "/>", " >", ""])).map("".join)
end_tag = st.tuples(st.sampled_from(["</", "< /", "</ "]), names, space, st.sampled_from([">", ""])).map("".join)
other = st.sampled_from(["<!-- c -->", "<!--", "<!DOCTYPE html>", "<?x?>", "</>", "<", ">", "&amp;", "&lt;", "&#39;",
                         "&#x41;", "&amp", "&nbsp;", "&", ";", "\x00", "\u200b", " ", "\n", "text", "Kabul"])
fragment = st.lists(st.one_of(start_tag, end_tag, other, st.text(max_size=8)), max_size=12).map("".join)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fragment)
def test_the_shortcut_gives_the_html_parsers_text(fragment):
    assert clean_text(fragment) == parser_text(fragment)


plain_attribute = st.tuples(st.sampled_from([" ", "\n "]), st.sampled_from(["href", "class", "alt"]),
                            st.sampled_from(["", "=", " = "]), value).map(lambda a: "".join(a) if a[2] else a[0] + a[1])
plain_tag = st.one_of(st.tuples(st.just("<"), names, st.lists(plain_attribute, max_size=2).map("".join),
                                st.sampled_from([">", "/>", " />"])).map("".join),
                      names.map(lambda name: f"</{name}>"))
plain_text = st.lists(st.sampled_from(["Kabul ", "&amp;", "&lt;", "&", "lt;", "&#39;", "&nbsp;", ";", "> ", "\xa0",
                                       "\x0c", "\u200b"]), max_size=3).map("".join)
plain_fragment = st.lists(st.one_of(plain_tag, plain_text), max_size=10).map("".join)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plain_fragment)
def test_the_shortcut_gives_the_html_parsers_text_for_plain_markup(fragment):
    assert clean_text(fragment) == parser_text(fragment)


hosts = st.text(st.sampled_from("ab.:@[]1-\u2100\uff0fé%"), max_size=8)
rests = st.text(st.sampled_from("/?#ab=&%[]:"), max_size=8)


@settings(max_examples=2000, deadline=None)
@given(st.sampled_from(["http://", "https://"]), hosts, rests)
def test_an_absolute_link_is_kept_exactly_when_urlsplit_finds_its_host(scheme, host, rest):
    link = scheme + host + rest
    if link.isprintable() and " " not in link:
        assert _safe_link(link, "https://feed.example.org/") == urlsplit_link(link)
