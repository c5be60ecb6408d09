"""`manage.py schemas export|import FILE`: the store as the seed's portable schemas.json."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from generator.repository import description_key
from generator.schema import DatasetSchema

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


def seed_store(path: Path, count: int) -> bytes:
    """A schemas.json as the seed wrote it, with `count` schemas and a description for each."""
    schemas = [DatasetSchema.from_dict({"title": f"Table {i}", "columns": [{"name": "x", "type": "integer"}]}) for i in range(count)]
    data = {
        "version": 1,
        "descriptions": {description_key(f"table {i}", "offline:v1"): s.schema_id for i, s in enumerate(schemas)},
        "schemas": {s.schema_id: {"created": "2025-05-01T10:00:00+00:00", "schema": s.to_dict(), "source": "offline"} for s in schemas},
    }
    raw = json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
    path.write_bytes(raw)
    return raw


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_export_writes_the_store_including_the_configured_file(settings, tmp_path, capsys):
    raw = seed_store(Path(settings.SYNTH_SCHEMA_STORE), 3)
    call_command("schemas", "export", str(tmp_path / "out.json"))
    assert (tmp_path / "out.json").read_bytes() == raw
    assert "wrote 3 schemas and 3 descriptions" in capsys.readouterr().out


def test_import_adds_a_files_schemas_and_says_how_many_were_new(tmp_path, capsys):
    seed_store(tmp_path / "a.json", 4)
    call_command("schemas", "import", str(tmp_path / "a.json"))
    call_command("schemas", "import", str(tmp_path / "a.json"))
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("read 4 schemas (4 new) and 4 descriptions (4 new)")
    assert out[1].startswith("read 4 schemas (0 new) and 4 descriptions (0 new)")


@pytest.mark.parametrize("content", [b"{half a file", b'{"version": 1}', None])
def test_a_bad_or_missing_file_is_refused_with_status_2_and_left_alone(tmp_path, content):
    path = tmp_path / "bad.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError, match="was not imported") as info:
        call_command("schemas", "import", str(path))
    assert info.value.returncode == 2
    assert (path.read_bytes() if content is not None else path.exists()) == (content if content is not None else False)


def test_moving_a_store_from_sqlite_to_postgresql_keeps_every_byte(tmp_path, postgres_server):
    """Seed schemas.json → SQLite store (first start) → export → import into PostgreSQL → export."""
    seed = tmp_path / "schemas.json"
    raw = seed_store(seed, 25)
    env = {"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "1", "SYNTH_ENV_FILE": "/nonexistent", "SYNTH_SCHEMA_STORE": str(seed)}
    on_sqlite = {**env, "SYNTH_DATABASE": str(tmp_path / "db.sqlite3")}
    on_postgres = {**env, "SYNTH_SCHEMA_STORE": str(tmp_path / "none.json"), "DATABASE_URL": postgres_server.new_database()}
    for step_env, args in [
        (on_sqlite, ["migrate", "--verbosity", "0"]),
        (on_sqlite, ["schemas", "export", str(tmp_path / "from-sqlite.json")]),
        (on_postgres, ["migrate", "--verbosity", "0"]),
        (on_postgres, ["schemas", "import", str(tmp_path / "from-sqlite.json")]),
        (on_postgres, ["schemas", "export", str(tmp_path / "from-postgres.json")]),
    ]:
        done = manage(step_env, *args)
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "from-sqlite.json").read_bytes() == raw
    assert (tmp_path / "from-postgres.json").read_bytes() == raw
    assert seed.read_bytes() == raw
