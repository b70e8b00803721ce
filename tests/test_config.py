"""Configuration is validated at start: a mistake names the key and the file, exit 2."""
import pytest

from ingest.cli import main
from ingest.config import ConfigError, load_config


def write(tmp_path, text):
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_defaults_when_keys_are_absent(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = load_config(write(tmp_path, ""))
    assert config.database_url == f"sqlite:///{tmp_path}/data/monitor.db"
    assert config.scheduler.default_interval_minutes == 30
    assert "taliban" in config.relevance_terms and config.feeds == ()


def test_shipped_config_is_valid_and_lists_real_feeds():
    config = load_config("config.toml")
    assert len(config.feeds) >= 10
    assert all(feed.url.startswith("https://") for feed in config.feeds)


def test_database_url_environment_variable_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/elsewhere.db")
    assert load_config(write(tmp_path, '[database]\nurl = "sqlite:///x.db"\n')).database_url == "sqlite:////tmp/elsewhere.db"


@pytest.mark.parametrize("text, message", [
    ("[scheduler]\nintervall = 5\n", "unknown key [scheduler] intervall"),
    ("[scheduler]\ndefault_interval_minutes = \"often\"\n", "[scheduler] default_interval_minutes must be a whole number"),
    ("[scheduler]\nfetch_timeout_seconds = -1\n", "must be greater than 0"),
    ("[dashboard]\nallow_private_feed_urls = \"yes\"\n", "must be true or false"),
    ("[databse]\nurl = \"sqlite:///x.db\"\n", "unknown section [databse]"),
    ("[[feeds]]\nname = \"A\"\n", "[[feeds]] #1 is missing the key 'url'"),
    ("[[feeds]]\nname = \"A\"\nurl = \"ftp://x.org/f\"\n", "must start with http:// or https://"),
    ("[[feeds]]\nname = \"A\"\nurl = \"https://x.org/f\"\ninterval = 3\n", "unknown key [[feeds]] #1 (A) interval"),
    ("[[feeds]]\nname = \"A\"\nurl = \"https://a.org/f\"\n[[feeds]]\nname = \"A\"\nurl = \"https://b.org/f\"\n", "repeats the feed name 'A'"),
    ("[relevance]\nterms = \"taliban\"\n", "[relevance] terms must be a list of strings"),
    ("this is = not toml [", "not valid TOML"),
])
def test_mistakes_name_the_key_and_file(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert message in str(error.value) and str(path) in str(error.value)


def test_cli_reports_config_errors_in_one_line_with_exit_2(tmp_path, capsys):
    path = write(tmp_path, "[scheduler]\nintervall = 5\n")
    assert main(["once", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "intervall" in err and "Traceback" not in err
    assert not (tmp_path / "data").exists()


def test_missing_config_file_is_named(tmp_path, capsys):
    assert main(["feeds", "--config", str(tmp_path / "nope.toml")]) == 2
    assert "nope.toml: config file not found" in capsys.readouterr().err


def test_unopenable_database_is_reported(tmp_path, capsys):
    path = write(tmp_path, '[database]\nurl = "postgresql+psycopg://nobody@127.0.0.1:9/none"\n')
    assert main(["feeds", "--config", str(path)]) == 2
    assert "cannot open database" in capsys.readouterr().err


def test_a_database_url_with_percent_encoded_parts_opens_and_migrates(tmp_path):
    """Issue #13, point 1: a "%" in the URL (an encoded "@" in a password, a socket path)
    used to end in "invalid interpolation syntax" from Alembic's config parser."""
    from sqlalchemy import text

    from db.session import open_database

    folder = tmp_path / "p%40ss"
    folder.mkdir()
    engine = open_database(f"sqlite:///{folder}/monitor%25.db")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1


def test_postgresql_urls_with_an_encoded_password_and_a_socket_directory(postgres_server):
    """Issue #13, point 1, on a real PostgreSQL: a password holding "@" and "%" written
    percent-encoded, and a connection over the server's Unix socket (?host=%2F...)."""
    import glob
    from urllib.parse import quote

    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from db.session import open_database
    from pg import new_database

    database = make_url(new_database(postgres_server))
    password = quote("p@ss%word", safe="")
    by_password = f"postgresql+psycopg://monitor:{password}@127.0.0.1:{database.port}/{database.database}"
    sockets = glob.glob(f"/tmp/monitor-pg-*/.s.PGSQL.{database.port}")
    assert sockets, "the test server listens on a Unix socket"
    folder = quote(sockets[0].rsplit("/", 1)[0], safe="")
    by_socket = f"postgresql+psycopg://monitor@/{database.database}?host={folder}&port={database.port}"
    for url in (by_password, by_socket):
        engine = open_database(url)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
        engine.dispose()
