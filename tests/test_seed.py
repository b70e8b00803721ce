"""The seed: the founding article and its dated events, present once after first start."""
from sqlalchemy import func, select

from db.models import EngagementEvent, Story, Tag
from db.session import session_scope
from ingest.cli import main
from ingest.runtime import prepare


def seed_rows(engine):
    with session_scope(engine) as session:
        story = session.scalar(select(Story).where(Story.is_seed.is_(True)))
        events = session.execute(select(EngagementEvent.actor, EngagementEvent.level, EngagementEvent.event_date)
                                 .where(EngagementEvent.story_id == story.id)).all()
        stories = session.scalar(select(func.count(Story.id)))
        tags = session.scalar(select(func.count(Tag.id)).where(Tag.story_id == story.id))
    return story, events, stories, tags


def test_first_start_holds_the_seed_with_dated_events(make_config):
    story, events, stories, _ = seed_rows(prepare(make_config()).engine)
    assert story.title.startswith("The Taliban are reaching out")
    assert story.outlet == "The Washington Post" and story.published_at.date().isoformat() == "2025-09-21"
    assert story.byline == "Rick Noack and Shaiq Hussain"
    found = {(actor, level, when.strftime("%Y-%m")) for actor, level, when in events}
    assert ("RUS", "recognition", "2025-07") in found
    assert ("PAK", "ambassadors", "2025-05") in found
    assert ("DEU", "accreditation", "2025-07") in found
    assert ("USA", "high_level_contact", "2025-03") in found
    assert ("USA", "high_level_contact", "2025-09") in found
    assert ("UN", "pressure", "2025-08") in found
    assert stories == 1


def test_seed_is_not_duplicated_by_a_second_start_or_the_seed_command(make_config, capsys):
    config = make_config()
    first = seed_rows(prepare(config).engine)
    assert main(["seed", "--config", str(config)]) == 0
    assert "already present" in capsys.readouterr().out
    second = seed_rows(prepare(config).engine)
    assert (first[2], len(first[1]), first[3]) == (second[2], len(second[1]), second[3])

