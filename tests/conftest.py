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
