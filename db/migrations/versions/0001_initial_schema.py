"""Initial schema: feeds, stories, sources, tags, engagement, corrections, fetch log,
the scheduler lease, and full-text search (FTS5 on SQLite, tsvector on PostgreSQL).

Revision ID: 0001
Revises: 
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('feeds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('interval_minutes', sa.Integer(), nullable=True),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.Column('etag', sa.Text(), nullable=True),
    sa.Column('last_modified', sa.Text(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=True),
    sa.Column('last_checked_at', sa.DateTime(), nullable=True),
    sa.Column('last_success_at', sa.DateTime(), nullable=True),
    sa.Column('next_check_at', sa.DateTime(), nullable=True),
    sa.Column('http_status', sa.Integer(), nullable=True),
    sa.Column('error_count', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('last_bozo', sa.Text(), nullable=True),
    sa.Column('claimed_by', sa.String(length=100), nullable=True),
    sa.Column('claimed_until', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    with op.batch_alter_table('feeds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feeds_next_check_at'), ['next_check_at'], unique=False)

    op.create_table('scheduler_lease',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('holder', sa.String(length=200), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('heartbeat_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('stories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.Column('date_estimated', sa.Boolean(), nullable=False),
    sa.Column('first_seen_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('outlet', sa.String(length=200), nullable=True),
    sa.Column('byline', sa.String(length=300), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('title_key', sa.String(length=64), nullable=False),
    sa.Column('tagger_version', sa.String(length=40), nullable=True),
    sa.Column('is_seed', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('url')
    )
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.create_index('ix_stories_first_seen_at', ['first_seen_at'], unique=False)
        batch_op.create_index('ix_stories_published_at', ['published_at'], unique=False)
        batch_op.create_index('ix_stories_title_key', ['title_key'], unique=False)

    op.create_table('corrections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('value', sa.String(length=40), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('level', sa.String(length=30), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('author', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('corrections', schema=None) as batch_op:
        batch_op.create_index('ix_corrections_story', ['story_id'], unique=False)

    op.create_table('engagement_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('actor', sa.String(length=40), nullable=False),
    sa.Column('level', sa.String(length=30), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('rule', sa.String(length=200), nullable=False),
    sa.Column('event_date', sa.DateTime(), nullable=False),
    sa.Column('tagger_version', sa.String(length=40), nullable=False),
    sa.Column('origin', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('story_id', 'actor', 'event_date', name='uq_engagement_story_actor_date')
    )
    with op.batch_alter_table('engagement_events', schema=None) as batch_op:
        batch_op.create_index('ix_engagement_actor_date', ['actor', 'event_date'], unique=False)
        batch_op.create_index('ix_engagement_date', ['event_date'], unique=False)
        batch_op.create_index('ix_engagement_level', ['level'], unique=False)

    op.create_table('fetch_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('feed_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('duration_ms', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('http_status', sa.Integer(), nullable=True),
    sa.Column('items_seen', sa.Integer(), nullable=False),
    sa.Column('items_new', sa.Integer(), nullable=False),
    sa.Column('items_updated', sa.Integer(), nullable=False),
    sa.Column('items_duplicate', sa.Integer(), nullable=False),
    sa.Column('items_not_relevant', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['feed_id'], ['feeds.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('fetch_log', schema=None) as batch_op:
        batch_op.create_index('ix_fetch_log_feed_started', ['feed_id', 'started_at'], unique=False)

    op.create_table('story_sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('feed_id', sa.Integer(), nullable=True),
    sa.Column('source_name', sa.String(length=200), nullable=False),
    sa.Column('guid', sa.Text(), nullable=False),
    sa.Column('link', sa.Text(), nullable=False),
    sa.Column('item_hash', sa.String(length=64), nullable=False),
    sa.Column('first_seen_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['feed_id'], ['feeds.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('source_name', 'guid', name='uq_story_sources_source_guid')
    )
    with op.batch_alter_table('story_sources', schema=None) as batch_op:
        batch_op.create_index('ix_story_sources_story_id', ['story_id'], unique=False)

    op.create_table('tags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('value', sa.String(length=40), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('rule', sa.String(length=200), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('tagger_version', sa.String(length=40), nullable=False),
    sa.Column('origin', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('story_id', 'kind', 'value', name='uq_tags_story_kind_value')
    )
    with op.batch_alter_table('tags', schema=None) as batch_op:
        batch_op.create_index('ix_tags_kind_value_story', ['kind', 'value', 'story_id'], unique=False)

    create_full_text_search()


def downgrade() -> None:
    drop_full_text_search()
    with op.batch_alter_table('tags', schema=None) as batch_op:
        batch_op.drop_index('ix_tags_kind_value_story')

    op.drop_table('tags')
    with op.batch_alter_table('story_sources', schema=None) as batch_op:
        batch_op.drop_index('ix_story_sources_story_id')

    op.drop_table('story_sources')
    with op.batch_alter_table('fetch_log', schema=None) as batch_op:
        batch_op.drop_index('ix_fetch_log_feed_started')

    op.drop_table('fetch_log')
    with op.batch_alter_table('engagement_events', schema=None) as batch_op:
        batch_op.drop_index('ix_engagement_level')
        batch_op.drop_index('ix_engagement_date')
        batch_op.drop_index('ix_engagement_actor_date')

    op.drop_table('engagement_events')
    with op.batch_alter_table('corrections', schema=None) as batch_op:
        batch_op.drop_index('ix_corrections_story')

    op.drop_table('corrections')
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.drop_index('ix_stories_title_key')
        batch_op.drop_index('ix_stories_published_at')
        batch_op.drop_index('ix_stories_first_seen_at')

    op.drop_table('stories')
    op.drop_table('scheduler_lease')
    with op.batch_alter_table('feeds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feeds_next_check_at'))

    op.drop_table('feeds')


SQLITE_FTS = [
    "CREATE VIRTUAL TABLE stories_fts USING fts5("
    "title, summary, content='stories', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER stories_fts_insert AFTER INSERT ON stories BEGIN "
    "INSERT INTO stories_fts(rowid, title, summary) VALUES (new.id, new.title, new.summary); END",
    "CREATE TRIGGER stories_fts_delete AFTER DELETE ON stories BEGIN "
    "INSERT INTO stories_fts(stories_fts, rowid, title, summary) "
    "VALUES ('delete', old.id, old.title, old.summary); END",
    "CREATE TRIGGER stories_fts_update AFTER UPDATE OF title, summary ON stories BEGIN "
    "INSERT INTO stories_fts(stories_fts, rowid, title, summary) "
    "VALUES ('delete', old.id, old.title, old.summary); "
    "INSERT INTO stories_fts(rowid, title, summary) VALUES (new.id, new.title, new.summary); END",
]
POSTGRES_FTS = [
    "ALTER TABLE stories ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(summary, ''))) STORED",
    "CREATE INDEX ix_stories_search_vector ON stories USING gin (search_vector)",
]


def create_full_text_search() -> None:
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_FTS if dialect == "sqlite" else POSTGRES_FTS if dialect == "postgresql" else []:
        op.execute(statement)


def drop_full_text_search() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("stories_fts_insert", "stories_fts_delete", "stories_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS stories_fts")
