"""Secure by default: deploy checks, headers, hosts, CSRF and untrusted schemas."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import pools
from generator.schema import DatasetSchema, SchemaError

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "PATH": os.environ["PATH"],
    "SYNTH_ENV_FILE": "/nonexistent/.env",
    "DJANGO_SECRET_KEY": "k8$Jq2!vT9zR4mW7pX1cL6nB3hF5dS0gA8eY2uI9oP4tK7wQ1zX",
    "DJANGO_ALLOWED_HOSTS": "synth.example.edu",
}


def manage(*args, env):
    # SYNTH_ENV_FILE points nowhere, so only the variables given here apply
    return subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, capture_output=True, text=True)


def test_production_settings_pass_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_secret_key_refuses_to_start_with_a_clear_message():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_refuses_the_placeholder_secret_from_env_example():
    """The key .env.example shows is public: start-up with DEBUG off refuses it, naming the file."""
    placeholder = next(line.split("=", 1)[1] for line in (ROOT / ".env.example").read_text().splitlines() if line.startswith("DJANGO_SECRET_KEY="))
    result = manage("check", env={**PRODUCTION, "DJANGO_SECRET_KEY": placeholder})
    assert result.returncode != 0
    assert "placeholder from .env.example" in result.stderr
    development = manage("check", env={**PRODUCTION, "DJANGO_SECRET_KEY": placeholder, "DJANGO_DEBUG": "1"})
    assert development.returncode == 0, development.stderr


@pytest.mark.parametrize("path", ["/", "/healthz"])
def test_security_headers_on_pages(client, path):
    response = client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_security_headers_on_downloads(client):
    schema = DatasetSchema.from_dict({"title": "t", "columns": [{"name": "a", "type": "integer"}]})
    from generator.services import schema_save

    response = client.get(f"/datasets/{schema_save(schema=schema)}.csv")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_hsts_and_https_redirect_when_served_behind_tls(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get("/healthz").status_code == 301
    secure = client.get("/healthz", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200 and "max-age=31536000" in secure["Strict-Transport-Security"]


def test_an_unlisted_host_is_a_400(client):
    assert client.get("/healthz", HTTP_HOST="evil.example.com").status_code == 400


def test_oversized_request_bodies_are_refused(client):
    body = '{"description": "' + "x" * (1024 * 1024 + 10) + '"}'
    response = client.post("/api/schema", body, content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize(
    "column, fragment",
    [
        ({"name": "a", "type": "__class__"}, "unknown type"),
        ({"name": "a", "type": "seed_instance"}, "unknown type"),
        ({"name": "a", "type": "_get_provider"}, "unknown type"),
        ({"name": "a", "type": "first_name", "locale": "xx"}, "unknown keys"),
        ({"name": "a", "type": "sentence", "max_chars": 10**12}, "max_chars must be at most"),
        ({"name": "a", "type": "category", "values": ["v"] * 1_000_000}, "at most 1000 items"),
        ({"name": "a", "type": "decimal", "min": float("nan")}, "finite"),
        ({"name": "a", "type": "decimal", "max": float("inf")}, "finite"),
        ({"name": "a", "type": "integer", "min": 10, "max": 1}, "must not be greater than max"),
        ({"name": "a", "type": "category", "values": ["x", "y", "z"], "weights": [1, 2]}, "weights has 2 items"),
    ],
)
def test_untrusted_schema_is_refused_before_any_faker_call(column, fragment, monkeypatch):
    monkeypatch.setattr(pools, "_pools", {})
    monkeypatch.setattr(pools, "_fakers", {})
    schema = {"title": "t", "columns": [{"name": "ok", "type": "first_name"}, column]}
    with pytest.raises(SchemaError) as info:
        DatasetSchema.from_dict(schema)
    assert any(message.startswith("column 2 'a'") and fragment in message for message in info.value.errors), info.value.errors
    assert pools._pools == {} and pools._fakers == {}, "no Faker pool was built or Faker instance made"


def test_ten_thousand_columns_are_refused():
    with pytest.raises(SchemaError, match="at most 200 columns"):
        DatasetSchema.from_dict({"title": "t", "columns": [{"name": f"c{i}", "type": "first_name"} for i in range(10_000)]})


def test_a_title_cannot_smuggle_sql_into_a_script():
    with pytest.raises(SchemaError, match="title: must be one line"):
        DatasetSchema.from_dict({"title": "x\nDROP TABLE users; --", "columns": [{"name": "a", "type": "integer"}]})


@pytest.mark.parametrize("column_type", ["id", "derived", "target"])
def test_columns_made_from_others_cannot_be_correlated(column_type):
    extra = {"derived": {"expression": "a * 2"}, "target": {"drivers": [{"column": "a", "effect": 1}]}}.get(column_type, {})
    with pytest.raises(SchemaError, match="cannot be correlated"):
        DatasetSchema.from_dict({"title": "t", "columns": [{"name": "a", "type": "integer"}, {"name": "b", "type": column_type, **extra, "correlate_with": "a", "correlation": 0.5}]})


def test_decimals_stay_inside_the_declared_range():
    from generator.writers.cells import rows_as_dicts

    schema = DatasetSchema.from_dict({"title": "t", "columns": [{"name": "x", "type": "decimal", "min": 0.25, "max": 0.91, "decimals": 1}]})
    assert {row["x"] for row in rows_as_dicts(schema, rows=2000, seed=1)} <= {0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}
    with pytest.raises(SchemaError, match="no number with 0 decimals lies between"):
        DatasetSchema.from_dict({"title": "t", "columns": [{"name": "x", "type": "decimal", "min": 0.5, "max": 0.9, "decimals": 0}]})


def test_a_multiclass_driver_without_a_class_is_a_clear_error():
    with pytest.raises(SchemaError, match="each driver of a multiclass target needs a class"):
        DatasetSchema.from_dict({"title": "t", "columns": [{"name": "a", "type": "integer"}, {"name": "y", "type": "target", "task": "multiclass", "classes": ["x", "y"], "drivers": [{"column": "a", "effect": 1}]}]})
