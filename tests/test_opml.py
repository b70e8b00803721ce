"""OPML import and export (issue #13, point 3): a feed list moves between the monitor and
any feed reader; a bad file gets one line naming the problem and changes nothing."""
import pytest

from db.health import feed_rows
from db.session import session_scope
from ingest.cli import main
from ingest.runtime import prepare

PRIVATE_OK = "[dashboard]\nallow_private_feed_urls = true\n"

READER_EXPORT = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>My reader</title></head><body>
  <outline text="Afghanistan desk" title="Afghanistan desk">
    <outline type="rss" text="Kabul Wire" title="Kabul Wire" xmlUrl="http://127.0.0.1:9/kabul.xml"/>
    <outline type="rss" text="Region &amp; Gulf" xmlUrl="http://127.0.0.1:9/gulf.xml" language="ar"/>
  </outline>
</body></opml>"""


def names(config):
    with session_scope(prepare(config).engine) as session:
        return {row["name"]: row for row in feed_rows(session)}


def test_import_then_export_round_trips_through_a_readers_file(make_config, tmp_path, capsys):
    from conftest import write_config

    config = make_config(extra=PRIVATE_OK)
    source = tmp_path / "reader.opml"
    source.write_bytes(READER_EXPORT)
    assert main(["feeds", "--config", str(config), "--import", str(source)]) == 0
    assert "2 feeds added" in capsys.readouterr().out
    feeds = names(config)
    assert feeds["Kabul Wire"]["url"] == "http://127.0.0.1:9/kabul.xml" and "Region & Gulf" in feeds
    assert main(["feeds", "--config", str(config), "--import", str(source)]) == 0  # again: nothing new
    assert "0 feeds added from" in capsys.readouterr().out
    out = tmp_path / "monitor.opml"
    assert main(["feeds", "--config", str(config), "--export", str(out)]) == 0
    second = tmp_path / "second"
    second.mkdir()
    other = write_config(second, {}, extra=PRIVATE_OK)  # another monitor, its own database
    assert main(["feeds", "--config", str(other), "--import", str(out)]) == 0
    assert {name: row["url"] for name, row in names(other).items()} == {name: row["url"] for name, row in feeds.items()}


@pytest.mark.parametrize("body, message", [
    (b"<html><body>not a feed list</body></html>", "no <opml> document"),
    (b"<opml><body><outline", "not valid OPML"),
    (b'<opml version="2.0"><body><outline text="x"/></body></opml>', "lists no feed"),
    (b'<opml version="2.0"><body><outline xmlUrl="http://127.0.0.1:9/a.xml"/></body></opml>', "has no title"),
    (b'<opml version="2.0"><body><outline text="Good" xmlUrl="http://127.0.0.1:9/a.xml"/>'
     b'<outline text="Bad" xmlUrl="javascript:alert(1)"/></body></opml>', "feed 'Bad'"),
    (b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
     b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
     b'<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
     b'<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">]><opml><body><outline text="&g;" xmlUrl="http://127.0.0.1:9/a.xml"/>'
     b'</body></opml>', "not valid OPML"),
])
def test_a_bad_opml_file_is_one_line_and_changes_nothing(make_config, tmp_path, capsys, body, message):
    config = make_config(extra=PRIVATE_OK)
    before = names(config)
    source = tmp_path / "bad.opml"
    source.write_bytes(body)
    assert main(["feeds", "--config", str(config), "--import", str(source)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and message in error and "nothing was imported" in error
    assert names(config) == before
