import os
from contextlib import ExitStack

import pytest


@pytest.fixture(autouse=True)
def isolated_settings(settings, tmp_path, monkeypatch):
    """Every test gets its own schema store and runs offline unless it says otherwise."""
    settings.SYNTH_SCHEMA_STORE = tmp_path / "schemas.json"
    settings.SECURE_SSL_REDIRECT = False  # the test client speaks plain HTTP; test_security covers HTTPS
    settings.SYNTH_RATE_LIMIT = 0  # one test client makes many requests; test_ratelimit turns it on
    # Hashed static names need `collectstatic` first; tests serve the plain files.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    return settings


TEST_OPENAI_KEY = "sk-test-9f3Kq7ZxSECRETdoNotLeak42"


@pytest.fixture
def fake_openai(settings, monkeypatch):
    """A local OpenAI-compatible server, with the app's model source pointed at it.

    Sets OPENAI_API_KEY (so the model is the schema source), OPENAI_BASE_URL to the server and
    a fresh SDK client; yields the server (`script(...)` replies, `requests` seen).
    """
    from generator.inference.sources import llm
    from tests.fake_openai import FakeOpenAI

    server = FakeOpenAI().start()
    monkeypatch.setenv("OPENAI_API_KEY", TEST_OPENAI_KEY)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    settings.OPENAI_BASE_URL = server.url
    settings.SYNTH_LLM_MODEL = "gpt-4o-mini"
    settings.SYNTH_LLM_TIMEOUT = 20
    llm.reset_client()
    yield server
    llm.reset_client()
    server.stop()


# -- the database -----------------------------------------------------------------------------------
# The store lives in the database, so every test may use pytest-django's test database. Tests of
# the store itself take `store_db` instead: the same tests on a SQLite file configured as in
# production and on a real PostgreSQL server started for the session (tests/postgres.py).


def pytest_collection_modifyitems(items):
    for item in items:
        if item.get_closest_marker("django_db") is None and "store_db" not in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.django_db)


def _unavailable(reason: str):
    """Skip here, but fail in CI (CI=true), where PostgreSQL must be installed (`make test` does it)."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"PostgreSQL tests must run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server on a unix socket for the whole session (one cluster, stopped at the end)."""
    from tests.postgres import PostgresUnavailable, running_postgres

    with ExitStack() as stack:
        try:
            server = stack.enter_context(running_postgres())
        except PostgresUnavailable as exc:
            _unavailable(str(exc))
        yield server


def _store_alias(alias: str, url: str, django_db_blocker) -> str:
    """Register database `alias` for `url` (configured as synthsite.settings does) and migrate it."""
    from tests.postgres import add_database

    with django_db_blocker.unblock():
        add_database(alias, url)
    return alias


@pytest.fixture(scope="session")
def sqlite_store(tmp_path_factory, django_db_blocker):
    return _store_alias("store_sqlite", f"sqlite:///{tmp_path_factory.mktemp('store') / 'db.sqlite3'}", django_db_blocker)


@pytest.fixture(scope="session")
def postgresql_store(postgres_server, django_db_blocker):
    return _store_alias("store_postgresql", postgres_server.new_database(), django_db_blocker)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_db(request, django_db_blocker):
    """The alias of an empty, migrated database: a SQLite file, then PostgreSQL."""
    from django.db import connections

    alias = request.getfixturevalue(f"{request.param}_store")
    with django_db_blocker.unblock():
        _empty(alias)
        yield alias
        _empty(alias)
        connections[alias].close()


def _empty(alias: str) -> None:
    from generator.models import DescriptionKey, RateBucket, SchemaFileImport, SchemaRecord, UsageCounter

    for model in (DescriptionKey, SchemaRecord, SchemaFileImport, RateBucket, UsageCounter):
        model.objects.using(alias).all().delete()
