"""The schema store on a SQLite file and on a real PostgreSQL server (the `store_db` fixture).

Covers lookups, concurrent writers, the first-start import of a schemas.json (nothing lost, a bad
file left as it is) and export/import in the seed's schemas.json format.
"""

import datetime as dt
import json
import logging
import threading

import pytest
from django.db import connections
from django.utils import timezone

from generator import repository
from generator.models import SchemaRecord
from generator.repository import SchemaRepository, description_key
from generator.schema import DatasetSchema
from generator.tables import schema_from_dict

OFFLINE = "offline:v1"
SHOP = {
    "title": "Shop",
    "tables": [
        {"name": "customers", "columns": [{"name": "customer_id", "type": "id"}, {"name": "name", "type": "full_name"}]},
        {"name": "orders", "columns": [{"name": "order_id", "type": "id"}, {"name": "customer_id", "type": "reference", "table": "customers"}]},
    ],
}


def make_schema(title="Customers", column_type="integer"):
    return DatasetSchema.from_dict({"title": title, "columns": [{"name": "x", "type": column_type}]})


@pytest.fixture
def repo(store_db, tmp_path):
    return SchemaRepository(tmp_path / "schemas.json", using=store_db)


def seed_file(path, entries: dict, descriptions: dict) -> bytes:
    """A schemas.json exactly as the seed wrote it (sorted keys, default separators)."""
    data = {"version": 1, "descriptions": descriptions, "schemas": entries}
    raw = json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
    path.write_bytes(raw)
    return raw


def seed_entries(count: int) -> tuple[dict, dict]:
    schemas = [make_schema(title=f"Table {i} ünïcode") for i in range(count)]
    entries = {s.schema_id: {"schema": s.to_dict(), "source": "offline", "created": "2025-05-01T10:00:00+00:00"} for s in schemas}
    descriptions = {description_key(f"table {i}", OFFLINE): s.schema_id for i, s in enumerate(schemas)}
    return entries, descriptions


def forget_imports():
    """A new process: the store is asked again whether the file was imported."""
    repository._imported.clear()


def test_put_then_find_by_description_and_by_id(repo):
    schema = make_schema()
    schema_id = repo.put(schema, source="offline", description="Some  Customers", generator=OFFLINE)
    assert schema_id == schema.schema_id
    assert repo.get_by_description("some customers", OFFLINE).schema == schema
    assert repo.get(schema_id).schema == schema and repo.get(schema_id).source == "offline"


def test_a_multi_table_schema_comes_back_equal(repo):
    shop = schema_from_dict(SHOP)
    assert repo.get(repo.put(shop, source="user")).schema == shop


def test_a_key_never_serves_another_generators_schema(repo):
    repo.put(make_schema(), source="offline", description="customers", generator=OFFLINE)
    assert repo.get_by_description("customers", "openai:gpt-4o-mini:prompt-v1") is None
    assert description_key("customers", "a") != description_key("customers", "b")


def test_missing_is_a_miss(repo):
    assert repo.get_by_description("anything", OFFLINE) is None
    assert repo.get("0123456789abcdef") is None


def test_storing_again_keeps_the_first_source_and_the_description_follows_the_latest(repo):
    first, second = make_schema("A"), make_schema("B")
    repo.put(first, source="offline", description="customers", generator=OFFLINE)
    repo.put(first, source="user")
    repo.put(second, source="user", description="customers", generator=OFFLINE)
    assert repo.get(first.schema_id).source == "offline"
    assert repo.get_by_description("customers", OFFLINE).schema == second
    assert repo.count() == 2


def test_an_invalid_entry_is_ignored_not_served_and_not_deleted(repo, caplog):
    schema_id = repo.put(make_schema(), source="offline")
    data = make_schema().to_dict()
    data["columns"][0]["type"] = "__class__"
    SchemaRecord.objects.using(repo.using).filter(pk=schema_id).update(canonical_json=json.dumps(data))
    assert repo.get(schema_id) is None
    assert "invalid" in caplog.text
    assert repo.count() == 1


def test_reading_a_schema_records_the_day_it_was_last_used(repo):
    schema_id = repo.put(make_schema(), source="offline")
    long_ago = timezone.now() - dt.timedelta(days=40)
    SchemaRecord.objects.using(repo.using).filter(pk=schema_id).update(last_used=long_ago)
    repo.get(schema_id)
    last_used = SchemaRecord.objects.using(repo.using).get(pk=schema_id).last_used
    assert timezone.now() - last_used < dt.timedelta(minutes=1)


def test_concurrent_writers_on_their_own_connections_lose_nothing(repo):
    """8 threads, each with its own database connection, store 25 schemas each at once."""
    start = threading.Barrier(8, timeout=30)
    failures = []

    def put_many(worker: int) -> None:
        try:
            start.wait()
            for i in range(25):
                repo.put(make_schema(title=f"w{worker}-{i}"), source="offline", description=f"w{worker} item {i}", generator=OFFLINE)
                repo.put(make_schema(title="shared by all"), source="offline", description="the same description", generator=OFFLINE)
        except Exception as exc:  # a failed write is what this test looks for
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=put_many, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert repo.count() == 8 * 25 + 1
    for worker in range(8):
        for i in range(25):
            assert repo.get_by_description(f"w{worker} item {i}", OFFLINE).schema.title == f"w{worker}-{i}"
    assert repo.get_by_description("the same description", OFFLINE).schema == make_schema(title="shared by all")


# -- the schemas.json of SYNTH_SCHEMA_STORE, imported on first use ---------------------------------


def test_a_seed_schemas_json_is_imported_on_first_use_with_nothing_lost(repo):
    entries, descriptions = seed_entries(30)
    raw = seed_file(repo.path, entries, descriptions)
    assert repo.count() == 30
    for i, schema_id in enumerate(descriptions.values()):
        assert repo.get_by_description(f"Table {i}", OFFLINE).schema.schema_id == schema_id
        assert repo.get(schema_id).source == "offline"
    assert repo.path.read_bytes() == raw, "the file is only read"


def test_the_import_is_idempotent_and_never_undoes_later_writes(repo, caplog):
    entries, descriptions = seed_entries(5)
    seed_file(repo.path, entries, descriptions)
    assert repo.count() == 5
    newer = make_schema("Newer")
    repo.put(newer, source="user", description="table 0", generator=OFFLINE)
    forget_imports()
    caplog.clear()
    with caplog.at_level(logging.INFO):
        assert repo.count() == 6
    assert "imported" not in caplog.text, "a file already imported is not read into the store again"
    result = repo.import_file(repo.path)
    assert (result.schemas_read, result.schemas_added, result.descriptions_added) == (5, 0, 0)
    assert repo.get_by_description("table 0", OFFLINE).schema == newer


def test_a_changed_file_is_imported_again_adding_only_its_new_entries(repo):
    entries, descriptions = seed_entries(3)
    seed_file(repo.path, entries, descriptions)
    assert repo.count() == 3
    more_entries, more_descriptions = seed_entries(6)
    seed_file(repo.path, more_entries, more_descriptions)
    forget_imports()
    assert repo.count() == 6


@pytest.mark.parametrize("garbage", [b"", b"{not json", b"[]", b'{"schemas": []}', b"\x00\x01", b"\xff\xfe{"])
def test_a_corrupt_file_is_logged_left_as_it_is_and_the_store_still_works(repo, caplog, garbage):
    repo.path.write_bytes(garbage)
    assert repo.get_by_description("customers", OFFLINE) is None
    assert f"schema store file {repo.path} was not imported" in caplog.text
    assert "manage.py schemas import" in caplog.text
    schema_id = repo.put(make_schema(), source="offline", description="customers", generator=OFFLINE)
    assert repo.get(schema_id) is not None
    assert repo.path.read_bytes() == garbage
    assert sorted(p.name for p in repo.path.parent.iterdir()) == ["schemas.json"]


def test_an_unreadable_file_is_logged_and_left_alone(repo, caplog):
    repo.path.mkdir()  # reading a folder fails like a file without permission
    assert repo.count() == 0
    assert "was not imported: it cannot be read" in caplog.text
    assert repo.path.is_dir()


def test_entries_that_do_not_validate_are_kept_for_export_but_never_served(repo, tmp_path, caplog):
    entries, descriptions = seed_entries(2)
    broken_id = next(iter(entries))
    entries[broken_id]["schema"]["columns"][0]["type"] = "no_such_type"
    raw = seed_file(repo.path, entries, descriptions)
    assert repo.get(broken_id) is None and "invalid" in caplog.text
    out = tmp_path / "out.json"
    repo.export_file(out)
    assert out.read_bytes() == raw


# -- export and import: the seed's schemas.json is the portable format ------------------------------


def test_export_of_an_imported_seed_file_gives_back_the_same_bytes(repo, tmp_path):
    entries, descriptions = seed_entries(40)
    raw = seed_file(tmp_path / "seed.json", entries, descriptions)
    repo.import_file(tmp_path / "seed.json")
    assert repo.export_file(tmp_path / "out.json") == (40, 40)
    assert (tmp_path / "out.json").read_bytes() == raw


def test_export_then_import_into_an_empty_store_round_trips(repo, tmp_path):
    shop = schema_from_dict(SHOP)
    repo.put(shop, source="user")
    for i in range(10):
        repo.put(make_schema(title=f"T{i}"), source="offline", description=f"d{i}", generator=OFFLINE)
    exported = tmp_path / "export.json"
    repo.export_file(exported)
    first = exported.read_bytes()

    from tests.conftest import _empty

    _empty(repo.using)
    forget_imports()
    assert repo.count() == 0
    result = repo.import_file(exported)
    assert (result.schemas_added, result.descriptions_added) == (11, 10)
    assert repo.get(shop.schema_id).schema == shop
    assert repo.get_by_description("d7", OFFLINE).schema.title == "T7"
    repo.export_file(exported)
    assert exported.read_bytes() == first
    assert json.loads(first)["version"] == 1


def test_a_stored_schema_is_parsed_once_per_id(monkeypatch):
    """Reading a schema by id again takes the parsed schema, not the store (ids are content hashes)."""
    from generator import services
    from generator.schema import DatasetSchema

    schema = DatasetSchema.from_dict({"title": "Cached", "columns": [{"name": "n", "type": "integer"}]})
    schema_id = services.schema_save(schema=schema)
    monkeypatch.setattr(services.SchemaRepository, "get", lambda self, key: pytest.fail("the store was read again"))
    assert services.schema_get(schema_id=schema_id) == schema
