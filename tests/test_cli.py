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
    env = {"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "1", "SYNTH_SCHEMA_STORE": str(tmp_path / "s.json"), "SYNTH_DATABASE": str(tmp_path / "db.sqlite3")}
    subprocess.run([sys.executable, "manage.py", "migrate", "--verbosity", "0"], cwd=ROOT, env=env, check=True)
    bad = subprocess.run([sys.executable, "manage.py", "generate", "", "--rows", "5"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert bad.returncode == 2 and "description" in bad.stderr and bad.stdout == ""
    good = subprocess.run([sys.executable, "manage.py", "generate", DESCRIPTION, "--rows", "5", "--seed", "1"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert good.returncode == 0 and len(good.stdout.splitlines()) == 6


def test_schema_file_student_messy_and_tables_from_the_cli(tmp_path, capsys):
    churn, shop = ROOT / "examples" / "churn.json", ROOT / "examples" / "shop.json"
    ana, ben = tmp_path / "ana.csv", tmp_path / "ben.csv"
    call_command("generate", "--schema", str(churn), "--rows", "50", "--seed", "3", "--student", "ana", "-o", str(ana))
    call_command("generate", "--schema", str(churn), "--rows", "50", "--seed", "3", "--student", "ben", "-o", str(ben))
    assert ana.read_text() != ben.read_text() and ana.read_text().splitlines()[0] == ben.read_text().splitlines()[0]
    assert "&student=ana" in capsys.readouterr().err
    key = tmp_path / "key.zip"
    call_command("generate", "--schema", str(churn), "--rows", "50", "--seed", "3", "--messy", "all", "--format", "zip", "-o", str(key))
    import zipfile

    assert {"messy.csv", "clean.csv", "defects.csv", "answer_key.json"} <= set(zipfile.ZipFile(key).namelist())
    orders = tmp_path / "orders.csv"
    call_command("generate", "--schema", str(shop), "--rows", "20", "--seed", "1", "--table", "orders", "-o", str(orders))
    assert len(orders.read_text().splitlines()) == 61


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--student", "a b"], "--student: Student must be"),
        (["--student", "ana"], "--seed: A student's file is made from the instructor's seed"),
        (["--messy", "tipos"], "--messy: unknown defect 'tipos'"),
        (["--messy", "all", "--format", "parquet"], "--messy: Messy data comes as CSV"),
        (["--table", "orders"], "--table: This dataset has one table"),
    ],
)
def test_bad_course_options_name_the_flag(args, fragment):
    with pytest.raises(CommandError, match=fragment) as info:
        call_command("generate", DESCRIPTION, "--rows", "5", *args)
    assert info.value.returncode == 2


def test_a_bad_schema_file_names_the_column(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"title": "x", "columns": [{"name": "a", "type": "nope"}]}')
    with pytest.raises(CommandError, match="--schema: column 1 'a': unknown type 'nope'"):
        call_command("generate", "--schema", str(bad))
