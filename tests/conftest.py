import pytest


@pytest.fixture(autouse=True)
def isolated_settings(settings, tmp_path, monkeypatch):
    """Every test gets its own schema store and runs offline unless it says otherwise."""
    settings.SYNTH_SCHEMA_STORE = tmp_path / "schemas.json"
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    return settings
