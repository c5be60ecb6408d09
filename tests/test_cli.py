import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

DESCRIPTION = "employees with name, department, salary between 30000 and 150000 and hire date"
ROOT = Path(__file__).resolve().parent.parent


def test_writes_a_csv_file_and_reports_the_seed(tmp_path, capsys):
    out = tmp_path / "employees.csv"
    call_command("generate", DESCRIPTION, "--rows", "50", "--seed", "9", "--output", str(out))
    rows = list(csv.reader(out.open()))
    assert len(rows) == 51
    assert "seed 9" in capsys.readouterr().err


def test_same_seed_same_bytes_as_the_web(tmp_path, client):
    out = tmp_path / "a.csv"
    call_command("generate", DESCRIPTION, "--rows", "30", "--seed", "4", "--output", str(out))
    web = b"".join(client.get("/generate", {"description": DESCRIPTION, "rows": 30, "seed": 4}).streaming_content)
    assert out.read_bytes() == web


def test_dash_writes_to_stdout(capfdbinary):
    call_command("generate", DESCRIPTION, "--rows", "3", "--seed", "1", "--output", "-")
    out = capfdbinary.readouterr().out.decode()
    assert len(list(csv.reader(io.StringIO(out)))) == 4


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--rows", "abc"], "--rows: Rows must be a whole number"),
        (["--seed", "x"], "--seed: Seed must be a whole number"),
        (["--format", "xls"], "--format: Format must be one of"),
        (["--output", "/nonexistent/dir/x.csv"], "--output: the folder"),
    ],
)
def test_bad_arguments_raise_a_clear_error(args, fragment):
    with pytest.raises(CommandError, match=fragment) as info:
        call_command("generate", DESCRIPTION, *args)
    assert info.value.returncode == 2


def test_exit_status_two_and_stderr_from_a_real_process(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "1", "SYNTH_SCHEMA_STORE": str(tmp_path / "s.json")}
    bad = subprocess.run([sys.executable, "manage.py", "generate", "", "--rows", "5"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert bad.returncode == 2 and "description" in bad.stderr and bad.stdout == ""
    good = subprocess.run([sys.executable, "manage.py", "generate", DESCRIPTION, "--rows", "5", "--seed", "1"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert good.returncode == 0 and len(good.stdout.splitlines()) == 6
