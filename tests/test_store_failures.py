"""A store that never loses a schema, on a SQLite file and on a real PostgreSQL (`store_db`), and
through the views: only a missing store is empty; a read error is a 503 and writes nothing; a
read-only store serves what it has and says why new schemas fail; a bad schemas.json is left as
it is."""

from __future__ import annotations

import json
from contextlib import contextmanager

import pytest
from django.db import connections

from generator import repository
from generator.repository import SchemaRepository, StoreReadOnly, StoreUnavailable
from generator.schema import DatasetSchema

OFFLINE = "offline:v1"


def make_schema(title: str = "Customers") -> DatasetSchema:
    return DatasetSchema.from_dict({"title": title, "columns": [{"name": "x", "type": "integer"}]})


@pytest.fixture
def repo(store_db, tmp_path):
    repository._imported.clear()
    repository._unreadable.clear()
    yield SchemaRepository(tmp_path / "schemas.json", using=store_db)
    repository._imported.clear()
    repository._unreadable.clear()


@contextmanager
def table_gone(alias: str, table: str):
    """The table renamed away for a while: every read of it fails as on a damaged store."""
    with connections[alias].cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} RENAME TO {table}_away")
    try:
        yield
    finally:
        with connections[alias].cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table}_away RENAME TO {table}")


@contextmanager
def read_only(alias: str):
    """The connection can read but not write, as a read-only file, mount or replica."""
    connection = connections[alias]
    on, off = (("PRAGMA query_only = ON", "PRAGMA query_only = OFF") if connection.vendor == "sqlite"
               else ("SET default_transaction_read_only = on", "SET default_transaction_read_only = off"))  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(on)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(off)


def count(alias: str) -> int:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM generator_schemarecord")
        return cursor.fetchone()[0]


def test_a_read_error_is_not_a_miss(repo, store_db):
    schema_id = repo.put(make_schema(), source="offline", description="customers", generator=OFFLINE)
    with table_gone(store_db, "generator_schemarecord"):
        with pytest.raises(StoreUnavailable, match="cannot be read right now"):
            repo.get(schema_id)
        with pytest.raises(StoreUnavailable):
            repo.get_by_description("customers", OFFLINE)
    assert repo.get(schema_id) is not None


def test_a_read_only_store_serves_what_it_has_and_refuses_new_schemas_saying_why(repo, store_db):
    schema_id = repo.put(make_schema(), source="offline", description="customers", generator=OFFLINE)
    with read_only(store_db):
        assert repo.get(schema_id) is not None
        assert repo.get_by_description("customers", OFFLINE) is not None
        with pytest.raises(StoreReadOnly, match="read-only .*saved schemas and their links still work"):
            repo.put(make_schema("New"), source="offline", description="new", generator=OFFLINE)
    assert count(store_db) == 1


def test_an_unreadable_schemas_json_is_retried_and_never_a_miss(repo):
    schema = make_schema("In the file")
    repo.path.mkdir()  # reading a folder fails like a file without permission (tests run as root)
    assert repo.count() == 0
    with pytest.raises(StoreUnavailable, match="schema store file cannot be read"):
        repo.get(schema.schema_id)
    assert repo.path.is_dir()
    stored = repo.put(make_schema("Made meanwhile"), source="offline")  # new schemas go to the database, not the file
    assert repo.get(stored) is not None
    repo.path.rmdir()
    entry = {"schema": schema.to_dict(), "source": "offline", "created": "2025-05-01T10:00:00+00:00"}
    repo.path.write_text(json.dumps({"version": 1, "descriptions": {}, "schemas": {schema.schema_id: entry}}))
    assert repo.get(schema.schema_id) is not None  # read on the next use once it can be
    assert repo.get(stored) is not None


def test_a_missing_schemas_json_is_an_empty_store(repo):
    assert not repo.path.exists()
    assert repo.get("0123456789abcdef") is None


def test_a_corrupt_schemas_json_is_never_changed_or_replaced(repo):
    repo.path.write_bytes(b"{corrupt")
    repo.put(make_schema(), source="offline")
    repo.put(make_schema("Second"), source="offline")
    assert repo.path.read_bytes() == b"{corrupt"
    assert sorted(p.name for p in repo.path.parent.iterdir()) == ["schemas.json"]


# -- through the views, on the configured (default) database ------------------------------------------


def test_a_failed_lookup_makes_and_writes_nothing():
    """The description lookup fails, so no schema is made and stored over a store not read."""
    from generator import services

    services.schema_save(schema=make_schema())
    before = count("default")
    with table_gone("default", "generator_descriptionkey"):
        with pytest.raises(StoreUnavailable):
            services.schema_get_or_create(description="patients with age")
    assert count("default") == before


def test_views_answer_503_when_the_store_cannot_be_read(client):
    from generator.services import parsed_schemas, schema_save

    schema_id = schema_save(schema=make_schema())
    parsed_schemas._schemas.clear()  # read from the store, not this process's cache
    with table_gone("default", "generator_schemarecord"):
        link = client.get(f"/datasets/{schema_id}.csv")
        page = client.get(f"/datasets/{schema_id}", HTTP_ACCEPT="text/html")
        api = client.post("/api/schema", {"description": "patients with age"}, content_type="application/json")
    assert link.status_code == 503 and link["Retry-After"]
    assert "cannot be read right now" in link.json()["errors"]["store"][0]
    assert page.status_code == 503 and b"cannot be read right now" in page.content
    assert api.status_code == 503 and "store" in api.json()["errors"]


def test_views_of_a_read_only_store_serve_saved_schemas_and_say_why_new_ones_fail(client):
    from generator.services import parsed_schemas, schema_save

    schema_id = schema_save(schema=make_schema())
    parsed_schemas._schemas.clear()  # read from the store, not this process's cache
    with read_only("default"):
        link = client.get(f"/datasets/{schema_id}.csv", {"rows": 3, "seed": 1})
        new = client.post("/api/schema", {"description": "patients with age and blood type"}, content_type="application/json")
        edit = client.post("/preview/edit", {"apply": "json", "schema_json": json.dumps(make_schema("Edited").to_dict()), "rows": 5}, HTTP_ACCEPT="text/html")
    assert link.status_code == 200 and b"".join(link.streaming_content).count(b"\n") == 4
    assert new.status_code == 503
    assert "read-only" in new.json()["errors"]["store"][0]
    assert edit.status_code == 503 and b"read-only" in edit.content
