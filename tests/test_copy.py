"""Moving up: an existing SQLite database copied into PostgreSQL, then read back."""
def test_copy_from_sqlite_to_postgresql_keeps_every_story(populated, postgres_server, tmp_path):
    """The migration path for a team: an existing SQLite database copied into PostgreSQL
    exports exactly the same records."""
    import json

    assert populated.engine.dialect.name == "sqlite"
    from ingest.cli import main
    from pg import new_database

    target = new_database(postgres_server)
    assert main(["copy-db", "--config", str(populated.config.path), "--to", target]) == 0
    before, after = tmp_path / "sqlite.jsonl", tmp_path / "pg.jsonl"
    assert main(["export", "--config", str(populated.config.path), "--format", "jsonl", "--out", str(before)]) == 0
    pg_config = tmp_path / "pg.toml"
    pg_config.write_text(f'[database]\nurl = "{target}"\n')
    assert main(["export", "--config", str(pg_config), "--format", "jsonl", "--out", str(after)]) == 0
    assert [json.loads(l) for l in before.read_text().splitlines()] == [json.loads(l) for l in after.read_text().splitlines()]
    assert main(["copy-db", "--config", str(populated.config.path), "--to", target]) == 2  # not into a full database
