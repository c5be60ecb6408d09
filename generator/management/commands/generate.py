"""python manage.py generate "DESCRIPTION" --rows N --seed S --output FILE [--format csv|json]

or, from a saved or edited schema: python manage.py generate --schema schema.json --rows N ...
or, as partitions made in parallel on Dask: ... --partitions N --output DIR [--scheduler tcp://HOST:PORT]
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from generator import services
from generator.cluster import PartitionFailed, SchedulerError, jobs_run, local_cores
from generator.engine import CHUNK_ROWS
from generator.forms import DatasetParamsForm, GenerateForm
from generator.inference import InferenceError
from generator.partitions import DATAPACKAGE, PARTITION_FORMATS, PartitionError, documents_write, leftovers_remove, output_prepare, partition_plan
from generator.schema import DatasetSchema, SchemaError
from generator.tables import MultiTableSchema, schema_from_dict
from generator.writers import FORMATS


class Command(BaseCommand):
    help = "Describe a dataset in plain English (or give a schema file) and write synthetic rows as CSV or JSON."

    def add_arguments(self, parser):
        parser.add_argument("description", nargs="?", help='what the rows are and which columns, e.g. "customers with name, email and age"')
        parser.add_argument("--schema", help="a schema JSON file to use instead of a description")
        parser.add_argument("--rows", default="100", help="number of rows (default 100)")
        parser.add_argument("--seed", default=None, help="whole number; the same seed gives the same file (default: random, printed)")
        parser.add_argument("--format", default="csv", help=f"one of {', '.join(FORMATS)} (default csv)")
        parser.add_argument("--output", "-o", default="-", help="file to write; - or omitted writes to stdout")
        parser.add_argument("--student", default="", help="a student id: that student's own reproducible variant (needs --seed)")
        parser.add_argument("--messy", default="", help="inject logged defects for cleaning practice, e.g. all or missing,typos:0.1")
        parser.add_argument("--table", default="", help="one table of a multi-table dataset (the whole dataset needs --format zip, sqlite or postgresql)")
        parser.add_argument("--for-students", action="store_true", help="a zip without the answer key, clean twin and defect log (the command line is the instructor's, so they are in by default)")
        parts = parser.add_argument_group("partitioned output (a folder of part-00000.<format> files, made in parallel on Dask)")
        parts.add_argument("--partitions", type=int, default=None, help="cut each table into N chunk-aligned partitions; --output is a folder")
        parts.add_argument("--rows-per-partition", type=int, default=None, help="or: partitions of N rows each (rounded up to whole chunks of 8,192)")
        parts.add_argument("--scheduler", default="processes", help="processes (local worker processes, the default) or tcp://HOST:PORT (a Dask scheduler)")
        parts.add_argument("--workers", type=int, default=None, help=f"local worker processes (default: all cores, here {local_cores()})")
        parts.add_argument("--retries", type=int, default=2, help="times a failed partition is tried again (default 2)")

    def handle(self, *args, **options):
        params = {key: options[key] for key in ("rows", "seed", "format", "student", "messy", "table")}
        if (options["description"] is None) == (options["schema"] is None):
            raise CommandError('give a description ("customers with name and email") or --schema FILE, not both', returncode=2)
        partitioned = options["partitions"] is not None or options["rows_per_partition"] is not None
        if partitioned:
            params["rows"] = "1"  # partitioned rows have their own limit (generator.partitions.MAX_ROWS), checked by the plan
        form = GenerateForm({**params, "description": options["description"]}) if options["schema"] is None else DatasetParamsForm(params)
        if not form.is_valid():
            raise CommandError(_messages(form.errors), returncode=2)
        if partitioned:
            self._partitioned(options, form)
            return
        schema, source, notice = self._schema(options, form)
        data = form.cleaned_data
        rows, fmt = data["rows"], data["format"]
        try:
            dataset = services.dataset_build(
                schema=schema, rows=rows, seed=data["seed"], fmt=fmt, student=data["student"], messy=data["messy"], table=data["table"],
                answers=not options["for_students"],
            )
            _write(dataset.chunks, options["output"], progress=self.stderr if rows > 10 * CHUNK_ROWS and options["output"] != "-" else None, rows=rows)
        except services.DatasetOptionError as exc:
            raise CommandError(f"--{exc.field}: {exc}", returncode=2) from None
        if notice:
            self.stderr.write(f"notice: {notice}")
        extra = "".join(f"&{key}={data[key]}" for key in ("student", "table") if data[key]) + (f"&messy={options['messy']}" if data["messy"] else "")
        self.stderr.write(
            f"{rows} rows, seed {dataset.seed}, schema {dataset.schema_id} ({source}); "
            f"permalink: /datasets/{dataset.schema_id}.{fmt}?rows={rows}&seed={dataset.seed}{extra}"
        )

    def _partitioned(self, options, form) -> None:
        data = form.cleaned_data
        rows = _partition_options(options, data)
        schema, source, notice = self._schema(options, form)
        try:
            services.schema_admit(schema)  # a chunk at a time within the memory and time budgets; the whole is as big as asked
        except SchemaError as exc:
            raise CommandError("\n".join(f"--schema: {problem}" for problem in exc.problems), returncode=2) from None
        seed = services.seed_resolve(data["seed"])
        row_seed = services.seed_for_student(seed=seed, student=data["student"]) if data["student"] else seed
        try:
            plan = partition_plan(schema=schema, rows=rows, seed=seed, row_seed=row_seed, fmt=data["format"], root=options["output"],
                                  partitions=options["partitions"], rows_per_partition=options["rows_per_partition"], table=data["table"], student=data["student"])
            output_prepare(plan)
            report = jobs_run(plan.jobs, scheduler=options["scheduler"], workers=options["workers"], retries=options["retries"], progress=self.stderr.write)
        except PartitionError as exc:
            raise CommandError(f"--{exc.field}: {exc}", returncode=2) from None
        except SchedulerError as exc:
            raise CommandError(f"--scheduler: {exc}", returncode=1) from None
        except PartitionFailed as exc:
            raise CommandError(f"{exc}; {plan.root} holds the partitions written so far and no {DATAPACKAGE}", returncode=1) from None
        leftovers_remove(plan)
        documents_write(plan)
        if notice:
            self.stderr.write(f"notice: {notice}")
        for path, why in report.redone:
            self.stderr.write(f"redone: {path} ({why})")
        self.stderr.write(
            f"{plan.total_rows:,} rows in {len(plan.jobs):,} partitions ({report.size / 1e6:,.1f} MB) written to {plan.root} by {report.workers} worker(s) in "
            f"{report.seconds:.2f} s ({plan.total_rows / max(report.seconds, 1e-9):,.0f} rows/s; starting the cluster {report.start_seconds:.2f} s); "
            f"seed {seed}, schema {schema.schema_id} ({source}); {len(report.redone)} partition(s) redone"
        )

    def _schema(self, options, form) -> tuple[DatasetSchema | MultiTableSchema, str, str]:
        if options["schema"] is not None:
            try:
                text = Path(options["schema"]).read_text(encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"--schema: cannot read {options['schema']}: {exc.strerror}", returncode=2) from None
            try:
                schema = schema_from_dict(json.loads(text))
                services.schema_save(schema=schema, source="file")  # refuses a schema over the budgets (SchemaError)
            except ValueError as exc:
                problems = exc.problems if isinstance(exc, SchemaError) else [f"not valid JSON ({exc})"]
                raise CommandError("\n".join(f"--schema: {problem}" for problem in problems), returncode=2) from None
            return schema, "file", ""
        try:
            result = services.schema_get_or_create(description=form.cleaned_data["description"])
        except (InferenceError, SchemaError) as exc:
            raise CommandError(f"description: {exc}", returncode=2) from None
        return result.schema, result.source, result.notice


def _partition_options(options, data) -> int:
    """The rows asked for, once the options that partitioned output cannot take are refused."""
    problems = {
        "rows": not str(options["rows"]).isdigit() and "must be a whole number",
        "output": options["output"] == "-" and "partitioned output needs a folder (or an fsspec URL such as s3://bucket/path)",
        "format": data["format"] not in PARTITION_FORMATS and f"partitioned output is {', '.join(PARTITION_FORMATS)}",
        "messy": bool(data["messy"]) and "messy data is made for one file (duplicates and the defect log span all its rows); leave out --partitions",
        "scheduler": not (options["scheduler"] == "processes" or options["scheduler"].startswith(("tcp://", "tls://")))
        and "must be processes or the address of a Dask scheduler, tcp://HOST:PORT",
        "workers": (options["workers"] is not None and (options["workers"] < 1 or options["scheduler"] != "processes"))
        and "must be a whole number from 1 up, and only with --scheduler processes (a Dask cluster has its own workers)",
        "retries": not 0 <= options["retries"] <= 10 and "must be a whole number from 0 to 10",
    }
    for name, problem in problems.items():
        if problem:
            raise CommandError(f"--{name}: {problem}", returncode=2)
    return int(options["rows"])


def _messages(errors) -> str:
    return "\n".join(f"{'--' + field if field != 'description' else field}: {message}" for field, messages in errors.items() for message in messages)


def _write(chunks, output: str, *, progress, rows: int) -> None:
    if output == "-":
        for piece in chunks:
            sys.stdout.buffer.write(piece)
        sys.stdout.buffer.flush()
        return
    target = Path(output)
    if not target.parent.is_dir():
        raise CommandError(f"--output: the folder {target.parent} does not exist", returncode=2)
    # Write beside the target and rename, so a failure never leaves a half-written file behind.
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            _copy(chunks, handle, progress, rows)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes the file private; give it a normal file's mode
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _copy(chunks, handle, progress, rows: int) -> None:
    """Write the pieces; for big files, report progress on stderr about once a second."""
    last = time.monotonic()
    for index, piece in enumerate(chunks):
        handle.write(piece)
        if progress is not None and time.monotonic() - last >= 1:
            done = min(rows, index * CHUNK_ROWS)
            progress.write(f"  {done:,} / {rows:,} rows ({done * 100 // rows}%)")
            last = time.monotonic()
