"""Usage counters for the instructor: model calls, tokens, cache hits and fallbacks.

The counters live in the database so every gunicorn worker adds to the same numbers; each
increment is one atomic UPDATE with F(), so concurrent workers lose no counts.
"""

from __future__ import annotations

import logging

from django.db import models, transaction
from django.db.models import F

logger = logging.getLogger(__name__)
_warned: set[str] = set()

# The counters `llmstats` shows, in order, with what each one counts.
COUNTERS = {
    "llm_calls": "schema requests sent to the model",
    "llm_failures": "model calls that failed (the offline inferrer answered instead)",
    "llm_prompt_tokens": "prompt tokens used",
    "llm_completion_tokens": "completion tokens used",
    "cache_hits": "descriptions answered from the schema store without a new schema",
    "fallbacks": "requests answered by the offline inferrer because the model failed",
}


class UsageCounter(models.Model):
    name = models.CharField(max_length=64, primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


def usage_add(name: str, by: int = 1) -> None:
    """Add `by` to the counter `name`. Best effort: a counting failure never fails a request."""
    if by == 0:
        return
    try:
        with transaction.atomic():
            UsageCounter.objects.get_or_create(name=name)
            UsageCounter.objects.filter(name=name).update(value=F("value") + by)
    except Exception as exc:  # a stats counter must not break schema generation
        if name not in _warned:  # once per counter and process, e.g. before `migrate` has run
            _warned.add(name)
            logger.warning("usage counter %s not updated (run `manage.py migrate`?): %s", name, exc)


def usage_counts() -> dict[str, int]:
    """Every known counter (0 when never incremented), then any others stored."""
    stored = dict(UsageCounter.objects.values_list("name", "value"))
    return {**{name: 0 for name in COUNTERS}, **stored}


class RateBucket(models.Model):
    """Requests one client made in one time window (see generator.ratelimit)."""

    key = models.CharField(max_length=200, primary_key=True)
    window = models.BigIntegerField(db_index=True)
    count = models.IntegerField(default=0)


class SchemaRecord(models.Model):
    """A stored schema (see generator.repository): its id is the hash of its canonical JSON."""

    id = models.CharField(max_length=64, primary_key=True)
    canonical_json = models.TextField()
    source = models.CharField(max_length=64)
    created = models.DateTimeField()
    last_used = models.DateTimeField()

    def __str__(self) -> str:
        return self.id


class DescriptionKey(models.Model):
    """A description key (normalised description + generator, hashed) and the schema made for it."""

    key = models.CharField(max_length=64, primary_key=True)
    schema = models.ForeignKey(SchemaRecord, on_delete=models.CASCADE, related_name="description_keys")

    def __str__(self) -> str:
        return self.key


class SchemaFileImport(models.Model):
    """A schemas.json file already imported into the store, by the sha256 of its bytes."""

    sha256 = models.CharField(max_length=64, primary_key=True)
    path = models.TextField()
    imported = models.DateTimeField()
    schemas = models.IntegerField()
    descriptions = models.IntegerField()

    def __str__(self) -> str:
        return f"{self.path} ({self.sha256[:12]})"
