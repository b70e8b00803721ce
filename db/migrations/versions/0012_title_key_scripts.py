"""Stories re-keyed by title after the title key kept the letters of every script.

The key folded accents by dropping every non-ASCII character, so a headline in Pashto,
Dari or Russian had an empty key and any two such headlines within the same-story
window were stored as one story. It now drops combining marks only. Stories stored
before would no longer meet new copies of their headlines, so every story's key is
recomputed from its title, in batches of ids (as 0008 did).

Revision ID: 0012
Revises: 0011
"""
from alembic import op
import sqlalchemy as sa

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade() -> None:
    from ingest.process import title_key

    connection = op.get_bind()
    stories = sa.table("stories", sa.column("id", sa.Integer), sa.column("title", sa.Text),
                       sa.column("title_key", sa.String))
    update = stories.update().where(stories.c.id == sa.bindparam("story_id")).values(title_key=sa.bindparam("new_key"))
    last = 0
    while True:
        rows = connection.execute(sa.select(stories.c.id, stories.c.title, stories.c.title_key)
                                  .where(stories.c.id > last).order_by(stories.c.id).limit(BATCH)).all()
        if not rows:
            return
        rekeyed = ((story_id, title_key(title), key) for story_id, title, key in rows)
        changed = [{"story_id": story_id, "new_key": new} for story_id, new, old in rekeyed if new != old]
        if changed:
            connection.execute(update, changed)
        last = rows[-1][0]


def downgrade() -> None:
    pass  # the older keys cannot be recomputed without the older function; the new ones still dedupe
