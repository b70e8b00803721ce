"""The dashboard's safety helpers (views/common.py), as a reader sees their output: feed
text put through st.markdown shows literally (no bold, link, image, heading or HTML from
a feed), evidence shows its trigger words in bold and nothing else formatted, only web
links are clickable, and the admin secret decides who may edit.

Markdown is rendered by markdown-it (CommonMark with tables and strikethrough, what
Streamlit's renderer adds to CommonMark), so an escape that goes missing shows as
formatting here as it would in the browser."""
import html
from datetime import date, datetime

import pandas as pd
import pytest
from markdown_it import MarkdownIt

from views import common

MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def shown(markdown: str) -> str:
    """The HTML a reader's browser gets for `markdown`."""
    return MARKDOWN.render(markdown)


def literally(text: str) -> str:
    """The HTML of `text` shown as one plain paragraph."""
    return f"<p>{html.escape(text, quote=False)}</p>\n"


HOSTILE = [
    "Taliban **bold** claim _slanted_ and *starred*",
    "[click](https://evil.example/x) and ![img](https://evil.example/i.png)",
    "`tick` and <script>alert(1)</script> and <https://evil.example/auto>",
    "# A heading",
    "1. a numbered list",
    "- a bulleted list",
    "+ another list",
    "> a quotation",
    "~~struck~~ and a | table | row",
    r"a back\slash before \*stars\*",
    "Kabul & Herat: 5 < 6 {braces} (brackets) #tag",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_feed_text_is_shown_literally(text):
    assert shown(common.escape_markdown(text)) == literally(text)


@pytest.mark.parametrize("text", [None, ""])
def test_missing_text_shows_nothing(text):
    assert common.escape_markdown(text) == ""


@pytest.mark.parametrize("text, phrase, expected", [
    # the trigger words in bold, the rest of the evidence as typed, markup included
    ("The **UN** recognised the Taliban", "recognised", "<p>The **UN** <strong>recognised</strong> the Taliban</p>\n"),
    ("Recognised by [Russia](https://x.example)", "recognised",  # any case; the text keeps its own
     "<p><strong>Recognised</strong> by [Russia](https://x.example)</p>\n"),
    ("They met in Doha, then met again", "met", "<p>They <strong>met</strong> in Doha, then met again</p>\n"),
    ("China sent an *ambassador*", "an *ambassador*", "<p>China sent <strong>an *ambassador*</strong></p>\n"),
    ("Pakistan talks _resumed_", "talks", "<p>Pakistan <strong>talks</strong> _resumed_</p>\n"),
])
def test_evidence_shows_its_trigger_in_bold_and_nothing_else_formatted(text, phrase, expected):
    assert shown(common.highlight(text, phrase)) == expected


@pytest.mark.parametrize("phrase", ["", "absent words"])
def test_evidence_without_its_trigger_is_shown_literally(phrase):
    text = "Envoys **met** in [Kabul](https://evil.example)"
    assert shown(common.highlight(text, phrase)) == literally(text)


@pytest.mark.parametrize("phrase", ["met", "x", ""])
def test_evidence_of_nothing_shows_nothing(phrase):
    assert common.highlight(None, phrase) == common.highlight("", phrase) == ""


@pytest.mark.parametrize("url, clickable", [
    ("https://wire.example.org/story", "https://wire.example.org/story"),
    ("http://wire.example.org/story", "http://wire.example.org/story"),
    ("javascript:alert(1)", ""),
    ("data:text/html,<script>alert(1)</script>", ""),
    ("urn:sha256:0123abcd", ""),  # a story without a link: an empty cell
    ("ftp://files.example.org/x", ""),
    (" https://wire.example.org/leading-space", ""),
    ("", ""),
    (None, ""),
    (float("nan"), ""),  # a missing value in a pandas column
])
def test_only_web_links_are_clickable(url, clickable):
    assert common.safe_link(url) == clickable


@pytest.mark.parametrize("rule, phrase", [
    ("trigger:recognition:recognised", "recognised"),
    ("trigger:visit:met with:in Doha", "met with:in Doha"),  # the words keep their colons
    ("trigger:visit:", ""),
    ("trigger:visit", ""),
    ("name:Russia:Moscow", ""),  # an actor's name rule names no trigger
    ("triggers:visit:met", ""),
    ("", ""),
    (None, ""),
])
def test_the_trigger_words_are_read_from_the_rule(rule, phrase):
    assert common.trigger_phrase(rule) == phrase


@pytest.mark.parametrize("value, text", [
    (None, "never"),
    (float("nan"), "never"),
    (pd.NaT, "never"),
    (datetime(2026, 1, 5, 9, 30), "2026-01-05"),
    (pd.Timestamp("2026-01-05 23:59"), "2026-01-05"),
    (date(2026, 1, 5), "2026-01-05"),
    ("2026-W02", "2026-W02"),
    (1.5, "1.5"),
])
def test_days_are_shown_as_dates_and_missing_ones_as_never(value, text):
    assert common.format_day(value) == text


class Secrets:
    """Streamlit's st.secrets as the dashboard reads it: .get, or an error without a file."""

    def __init__(self, values=None):
        self.values = values

    def get(self, key, default=None):
        if self.values is None:
            raise FileNotFoundError("no secrets.toml")
        return self.values.get(key, default)


@pytest.mark.parametrize("environment, secrets, attempt, admin", [
    ("s3cret", None, "s3cret", True),
    ("s3cret", None, "s3creX", False),
    ("s3cret", None, "", False),
    ("s3cret", {"admin_secret": "other"}, "s3cret", True),  # the environment comes first
    ("s3cret", {"admin_secret": "other"}, "other", False),
    (None, {"admin_secret": "fromfile"}, "fromfile", True),
    (None, {"admin_secret": "fromfile"}, "s3cret", False),
    ("", {"admin_secret": "fromfile"}, "fromfile", True),  # an empty variable is no secret
    (None, {"admin_secret": ""}, "", False),  # an empty secret lets nobody in
    (None, {}, "", False),
    (None, None, "", False),  # no secrets file: a read-only dashboard
])
def test_the_admin_secret_decides_who_may_edit(monkeypatch, environment, secrets, attempt, admin):
    if environment is None:
        monkeypatch.delenv(common.ADMIN_ENV, raising=False)
    else:
        monkeypatch.setenv(common.ADMIN_ENV, environment)
    monkeypatch.setattr(common.st, "secrets", Secrets(secrets))
    assert common.check_admin(attempt) is admin


def test_without_a_secret_there_is_no_admin_secret(monkeypatch):
    monkeypatch.delenv(common.ADMIN_ENV, raising=False)
    monkeypatch.setattr(common.st, "secrets", Secrets(None))
    assert common.admin_secret() is None
    monkeypatch.setattr(common.st, "secrets", Secrets({"admin_secret": ""}))
    assert common.admin_secret() is None
