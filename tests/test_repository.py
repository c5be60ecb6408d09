import json
import multiprocessing

import pytest

from generator.repository import SchemaRepository, description_key
from generator.schema import DatasetSchema


def make_schema(title="Customers", column_type="integer"):
    return DatasetSchema.from_dict({"title": title, "columns": [{"name": "x", "type": column_type}]})


@pytest.fixture
def repo(tmp_path):
    return SchemaRepository(tmp_path / "schemas.json")


def test_put_then_find_by_description_and_by_id(repo):
    schema = make_schema()
    schema_id = repo.put(schema, source="offline", description="Some  Customers", generator="offline:v1")
    assert schema_id == schema.schema_id
    assert repo.get_by_description("some customers", "offline:v1").schema == schema
    assert repo.get(schema_id).schema == schema and repo.get(schema_id).source == "offline"


def test_a_key_never_serves_another_generators_schema(repo):
    repo.put(make_schema(), source="offline", description="customers", generator="offline:v1")
    assert repo.get_by_description("customers", "openai:gpt-4o-mini:prompt-v1") is None
    assert description_key("customers", "a") != description_key("customers", "b")


def test_missing_store_is_a_miss(repo):
    assert repo.get_by_description("anything", "offline:v1") is None
    assert repo.get("0123456789abcdef") is None


@pytest.mark.parametrize("garbage", [b"", b"{not json", b"[]", b'{"schemas": []}', b"\x00\x01", b"\xff\xfe{"])
def test_corrupt_store_is_a_logged_miss_then_repaired_and_kept_aside(repo, caplog, garbage):
    repo.path.write_bytes(garbage)
    assert repo.get_by_description("customers", "offline:v1") is None
    assert "corrupt" in caplog.text
    repo.put(make_schema(), source="offline", description="customers", generator="offline:v1")
    data = json.loads(repo.path.read_text())
    assert len(data["schemas"]) == 1 and len(data["descriptions"]) == 1
    assert repo.path.with_name("schemas.json.corrupt").read_bytes() == garbage


def test_an_invalid_entry_is_ignored_not_served(repo, caplog):
    schema_id = repo.put(make_schema(), source="offline")
    data = json.loads(repo.path.read_text())
    data["schemas"][schema_id]["schema"]["columns"][0]["type"] = "__class__"
    repo.path.write_text(json.dumps(data))
    assert repo.get(schema_id) is None
    assert "invalid" in caplog.text


def test_write_leaves_no_temp_files_and_removes_stale_ones(repo):
    stale = repo.path.with_name(".schemas.json.abc123.tmp")
    repo.path.parent.mkdir(exist_ok=True)
    stale.write_text("{half")
    repo.put(make_schema(), source="offline")
    assert not stale.exists()
    assert sorted(p.name for p in repo.path.parent.iterdir()) == ["schemas.json", "schemas.json.lock"]


def _put_many(path, worker, count):
    repo = SchemaRepository(path)
    for i in range(count):
        repo.put(make_schema(title=f"w{worker}-{i}"), source="offline", description=f"w{worker} item {i}", generator="offline:v1")


def test_concurrent_writers_in_separate_processes_lose_nothing(repo):
    ctx = multiprocessing.get_context("fork")
    workers = [ctx.Process(target=_put_many, args=(repo.path, w, 25)) for w in range(4)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(timeout=60)
        assert p.exitcode == 0
    data = json.loads(repo.path.read_text())
    assert len(data["schemas"]) == 100 and len(data["descriptions"]) == 100
    assert repo.count() == 100


def test_a_stored_schema_is_parsed_once_per_id(monkeypatch):
    """Reading a schema by id again takes the parsed schema, not the store (ids are content hashes)."""
    from generator import services
    from generator.schema import DatasetSchema

    schema = DatasetSchema.from_dict({"title": "Cached", "columns": [{"name": "n", "type": "integer"}]})
    schema_id = services.schema_save(schema=schema)
    monkeypatch.setattr(services.SchemaRepository, "get", lambda self, key: pytest.fail("the store was read again"))
    assert services.schema_get(schema_id=schema_id) == schema
