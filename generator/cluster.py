"""Running a partition plan on Dask: a cluster of local processes, or the Dask distributed
scheduler at tcp://HOST:PORT whose workers may sit on several hosts.

Each partition is one task. A task that raises is submitted again, up to `retries` times; a
task whose worker dies (the process ends, the host goes away) is given to another worker by the
scheduler itself. Either way the report names the partitions that were made more than once,
and since a partition's bytes depend only on the schema, seed, rows and its range, the redone
file is the same file.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.partitions import Job, Written, partition_write

WORKER_WAIT = 60  # seconds to wait for a remote scheduler's first worker


class SchedulerError(RuntimeError):
    """The scheduler could not be reached or has no workers."""


class PartitionFailed(RuntimeError):
    """A partition failed on every try; `path` names it."""

    def __init__(self, path: str, error: BaseException, tries: int):
        super().__init__(f"{path} failed on all {tries} tries: {type(error).__name__}: {error}")
        self.path = path


@dataclass
class RunReport:
    workers: int
    written: list[Written] = field(default_factory=list)
    redone: list[tuple[str, str]] = field(default_factory=list)  # (partition path, why)
    start_seconds: float = 0.0  # starting or reaching the cluster
    seconds: float = 0.0  # making the partitions

    @property
    def size(self) -> int:
        return sum(item.size for item in self.written)


def local_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def jobs_run(jobs: tuple[Job, ...], *, scheduler: str, workers: int | None, retries: int, progress: Callable[[str], None] | None = None) -> RunReport:
    """Write every job's partition; raise PartitionFailed when one fails `retries` + 1 times."""
    started = time.perf_counter()
    with _client(scheduler, workers) as (client, count):
        report = RunReport(workers=count, start_seconds=time.perf_counter() - started)
        _run(client, jobs, retries, report, _Progress(jobs, progress))
    report.seconds = time.perf_counter() - started - report.start_seconds
    return report


@contextlib.contextmanager
def _client(scheduler: str, workers: int | None) -> Iterator[tuple[Any, int]]:
    from distributed import Client, LocalCluster  # noqa: PLC0415 (Dask starts slowly: only partitioned runs pay for it)

    if scheduler == "processes":
        count = workers or local_cores()
        with _quiet(), LocalCluster(n_workers=count, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0",
                                    silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            yield client, count
        return
    try:
        client = Client(scheduler, timeout="15s")
    except (OSError, TimeoutError) as exc:
        raise SchedulerError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    with client:
        try:
            client.wait_for_workers(1, timeout=WORKER_WAIT)
        except TimeoutError:
            raise SchedulerError(f"the Dask scheduler at {scheduler} has no workers (waited {WORKER_WAIT} s)") from None
        yield client, len(client.scheduler_info(n_workers=-1)["workers"])


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """The local scheduler runs in this process: its routine log lines would bury the progress
    (a lost worker is in the report)."""
    logger = logging.getLogger("distributed")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _run(client: Any, jobs: tuple[Job, ...], retries: int, report: RunReport, progress: _Progress) -> None:
    from distributed import as_completed  # noqa: PLC0415

    run = uuid.uuid4().hex[:12]
    pending = {client.submit(partition_write, job, key=_key(run, job, 0), pure=False): (job, 0) for job in jobs}
    queue = as_completed(list(pending))
    for future in queue:
        job, attempt = pending.pop(future)
        if future.status != "finished":
            error = future.exception()
            if attempt >= retries:
                client.cancel(list(pending))
                raise PartitionFailed(job.partition.path, error, attempt + 1)
            report.redone.append((job.partition.path, f"failed ({type(error).__name__}: {error})"))
            again = client.submit(partition_write, job, key=_key(run, job, attempt + 1), pure=False)
            pending[again] = (job, attempt + 1)
            queue.add(again)
            continue
        written = future.result()
        if client.run_on_scheduler(scheduler_starts, future.key) > 1:
            report.redone.append((written.path, "its worker was lost"))
        future.release()  # else a worker lost later would make it again, to hold a result already read
        report.written.append(written)
        progress.done(written)
    progress.finish()


def _key(run: str, job: Job, attempt: int) -> str:
    return f"synthsite-{run}-{job.partition.path}-{attempt}"


def scheduler_starts(key: str, dask_scheduler: Any = None) -> int:
    """How many times the scheduler gave the task to a worker (more than once: a worker was lost).
    Runs on the scheduler, whose story alone says it: asking the workers too would ask a lost one."""
    return sum(1 for event in dask_scheduler.story(key) if len(event) > 2 and event[2] == "processing")


class _Progress:
    """Partitions done, rows/s and time left on one line, about once a second."""

    def __init__(self, jobs: tuple[Job, ...], write: Callable[[str], None] | None):
        self.write, self.total, self.rows = write, len(jobs), sum(job.partition.rows for job in jobs)
        self.count = self.made = 0
        self.started = self.last = time.perf_counter()

    def done(self, written: Written) -> None:
        self.count, self.made = self.count + 1, self.made + written.rows
        if self.write and time.perf_counter() - self.last >= 1:
            self._line()

    def finish(self) -> None:
        if self.write:
            self._line()

    def _line(self) -> None:
        self.last = now = time.perf_counter()
        rate = self.made / max(now - self.started, 1e-9)
        left = (self.rows - self.made) / rate if rate else 0
        assert self.write is not None
        self.write(f"  {self.count:,}/{self.total:,} partitions, {self.made:,}/{self.rows:,} rows, {rate:,.0f} rows/s, about {left:,.0f} s left")
