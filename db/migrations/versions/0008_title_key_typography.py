"""Stories re-keyed by title after the title key learnt typography (issue #13, point 8).

The key that lets two outlets' copies of a headline meet now folds curly and straight
quotes, dashes and compatibility forms alike ("Afghanistan’s" and "Afghanistan's" were
two keys). Stories stored before would no longer meet new items carrying their titles,
so every story's key is recomputed from its title, in batches of ids.

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa

revision = "0008"
down_revision = "0007"
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
