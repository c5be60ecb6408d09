"""python manage.py schemas export FILE | schemas import FILE: the store as a portable schemas.json."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from generator import services
from generator.schema_file import StoreFileError


class Command(BaseCommand):
    help = "Copy the schema store to a schemas.json file (export), or add a schemas.json file's schemas to it (import)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="export|import")
        export = actions.add_parser("export", help="write every stored schema and description to FILE (replaced atomically)")
        export.add_argument("file", type=Path)
        load = actions.add_parser("import", help="add FILE's schemas and descriptions; entries already stored are kept")
        load.add_argument("file", type=Path)

    def handle(self, *args, **options):
        path: Path = options["file"]
        if options["action"] == "export":
            self._export(path)
        else:
            self._import(path)

    def _export(self, path: Path) -> None:
        if not path.parent.is_dir():
            raise CommandError(f"{path}: the folder {path.parent} does not exist", returncode=2)
        schemas, descriptions = services.schema_repository().export_file(path)
        self.stdout.write(f"wrote {schemas} schemas and {descriptions} descriptions to {path}")

    def _import(self, path: Path) -> None:
        try:
            result = services.schema_repository().import_file(path)
        except StoreFileError as exc:
            raise CommandError(f"{path} was not imported: {exc}", returncode=2) from exc
        self.stdout.write(
            f"read {result.schemas_read} schemas ({result.schemas_added} new) and "
            f"{result.descriptions_read} descriptions ({result.descriptions_added} new) from {path}"
        )
