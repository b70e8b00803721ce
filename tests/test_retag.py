"""Retagging applies an edited taxonomy to stored stories; analyst corrections survive it."""
from pathlib import Path

from sqlalchemy import select

from db.models import EngagementEvent, Story, Tag
from db.session import session_scope
from ingest.cli import main

BACKENDS = ("sqlite", "postgresql")  # every database test here runs on both


def story_tags(engine, title_start):
    with session_scope(engine) as session:
        story = session.scalar(select(Story).where(Story.title.like(f"{title_start}%")))
        tags = {(t.kind, t.value, t.origin) for t in session.scalars(select(Tag).where(Tag.story_id == story.id))}
        events = {(e.actor, e.level, e.origin) for e in session.scalars(
            select(EngagementEvent).where(EngagementEvent.story_id == story.id))}
        return story, tags, events


def test_corrections_survive_retag_with_a_new_taxonomy(populated, tmp_path, capsys):
    config = populated.config.path
    story, tags, events = story_tags(populated.engine, "Japan pledges")
    assert ("actor", "JPN", "tagger") in tags and ("JPN", "humanitarian", "tagger") in events
    assert main(["correct", str(story.id), "--config", str(config), "--remove-actor", "UN", "--note", "WFP is only the channel"]) == 0
    assert main(["correct", str(story.id), "--config", str(config), "--add-topic", "migration_deportation"]) == 0
    assert main(["correct", str(story.id), "--config", str(config), "--set-level", "JPN", "technical"]) == 0
    # an edited taxonomy: "Afghan returnees" now also names the ICRC (a deliberate, visible change)
    taxonomy = tmp_path / "taxonomy.toml"
    taxonomy.write_text(Path("ingest/taxonomy.toml").read_text().replace(
        'aliases = ["International Committee of the Red Cross",', 'aliases = ["returnees", "International Committee of the Red Cross",'))
    config.write_text(config.read_text() + f'\n[tagging]\ntaxonomy = "{taxonomy}"\n')
    capsys.readouterr()
    assert main(["retag", "--config", str(config)]) == 0
    assert "retagged" in capsys.readouterr().out
    story, tags, events = story_tags(populated.engine, "Japan pledges")
    assert ("actor", "ICRC", "tagger") in tags  # the new taxonomy applied
    assert not any(value == "UN" for _, value, _ in tags)  # removal kept
    assert ("topic", "migration_deportation", "analyst") in tags  # addition kept
    assert ("JPN", "technical", "analyst") in events and ("JPN", "humanitarian", "tagger") not in events
    with session_scope(populated.engine) as session:
        versions = set(session.scalars(select(Story.tagger_version).where(Story.is_seed.is_(False))))
    assert len(versions) == 1 and versions != {None}


def test_correction_input_is_checked(populated, capsys):
    config = str(populated.config.path)
    assert main(["correct", "99999", "--config", config, "--add-actor", "RUS"]) == 2
    assert "no story with id 99999" in capsys.readouterr().err
    assert main(["correct", "1", "--config", config, "--add-actor", "XYZ"]) == 2
    assert "unknown actor id 'XYZ'" in capsys.readouterr().err
    assert main(["correct", "1", "--config", config, "--set-level", "RUS", "friendly"]) == 2
    assert "level must be one of" in capsys.readouterr().err


def test_seed_story_keeps_its_curated_tags_on_retag(populated):
    with session_scope(populated.engine) as session:
        before = set(session.execute(select(EngagementEvent.actor, EngagementEvent.level)
                                     .join(Story).where(Story.is_seed.is_(True))).all())
    assert main(["retag", "--config", str(populated.config.path)]) == 0
    with session_scope(populated.engine) as session:
        after = set(session.execute(select(EngagementEvent.actor, EngagementEvent.level)
                                    .join(Story).where(Story.is_seed.is_(True))).all())
    assert before == after and ("RUS", "recognition") in after
