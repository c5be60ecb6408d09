"""A throwaway PostgreSQL server for the tests and `make bench`: Debian's `postgresql` package.

`running_postgres()` makes a cluster in a new temporary folder, starts it listening only on a
unix socket in that folder, yields a `PostgresServer` (its DATABASE_URL) and
always stops it and removes the folder. PostgreSQL refuses to run as root, so as root initdb and
the server run as the `postgres` system user (`runuser`), which owns the folder. Connections are
trusted: only root and that user can reach the socket.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

PORT = 5432  # only names the socket file (.s.PGSQL.5432); nothing listens on TCP
# Test settings: durability is not needed for a cluster thrown away at the end of the run.
_numbers = itertools.count(1)
FAST = ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries here (install Debian's `postgresql` package)."""


@dataclass(frozen=True)
class PostgresServer:
    folder: Path
    database: str = "postgres"
    user: str = "postgres"

    @property
    def url(self) -> str:
        """A DATABASE_URL for the server's default database (the host is the socket's folder)."""
        return self.url_for(self.database)

    def url_for(self, database: str) -> str:
        return f"postgres://{self.user}@{quote(str(self.folder), safe='')}:{PORT}/{database}"

    def new_database(self) -> str:
        """Create an empty database with a fresh name; return its DATABASE_URL."""
        import psycopg

        name = f"synth_{next(_numbers)}"
        with psycopg.connect(host=str(self.folder), port=PORT, user=self.user, dbname=self.database, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url_for(name)


def add_database(alias: str, url: str) -> None:
    """Make Django database `alias` point at `url`, configured as synthsite.settings does, and migrate it."""
    from django.core.management import call_command
    from django.db import connections

    from synthsite.settings import database_config

    configured = connections.configure_settings({"default": connections.settings["default"], alias: database_config(url)})
    connections.settings[alias] = configured[alias]
    call_command("migrate", database=alias, verbosity=0, skip_checks=True)


def postgres_bin() -> Path:
    """The newest installed server's bin folder (/usr/lib/postgresql/<version>/bin)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: _version(p.parent.parent.name))
    if not found:
        raise PostgresUnavailable("no /usr/lib/postgresql/*/bin/pg_ctl: install Debian's postgresql package (apt-get install postgresql)")
    return found[-1].parent


@contextmanager
def running_postgres(*, fast: bool = True) -> Iterator[PostgresServer]:
    """A started PostgreSQL on a unix socket in a new temporary folder; always stopped and removed."""
    bin_dir = postgres_bin()
    folder = Path(tempfile.mkdtemp(prefix="synth-pg-"))
    _give_to_server_user(folder)
    data = folder / "data"
    options = ["-c", "listen_addresses=''", "-c", f"unix_socket_directories={folder}", "-p", str(PORT), *(FAST if fast else [])]
    try:
        _run(bin_dir / "initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync")
        _run(bin_dir / "pg_ctl", "-D", str(data), "-l", str(folder / "server.log"), "-w", "-t", "60", "-o", " ".join(options), "start")
        try:
            yield PostgresServer(folder)
        finally:
            _run(bin_dir / "pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run(*command: str | Path) -> None:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    done = subprocess.run([*prefix, *map(str, command)], capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise PostgresUnavailable(f"{Path(command[0]).name} failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")


def _give_to_server_user(folder: Path) -> None:
    if os.geteuid() != 0:
        return
    try:
        user = pwd.getpwnam("postgres")
    except KeyError:
        raise PostgresUnavailable("no `postgres` system user (Debian's postgresql package makes it)") from None
    os.chown(folder, user.pw_uid, user.pw_gid)
    folder.chmod(0o700)


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())
