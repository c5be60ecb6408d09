"""python manage.py llmstats [--json]: model calls, tokens, cache hits and fallbacks so far."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand

from generator.models import COUNTERS, usage_counts


class Command(BaseCommand):
    help = "Show how many schema requests went to the language model, the tokens used, cache hits and fallbacks."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print the counts as one JSON object")

    def handle(self, *args, **options):
        counts = usage_counts()
        if options["json"]:
            self.stdout.write(json.dumps(counts, sort_keys=True))
            return
        self.stdout.write(f"model: {settings.SYNTH_LLM_MODEL} at {_server(settings.OPENAI_BASE_URL)}")
        width = max(map(len, counts))
        for name, value in counts.items():
            meaning = COUNTERS.get(name, "")
            self.stdout.write(f"{name:<{width}}  {value:>12,}  {meaning}")


def _server(base_url: str) -> str:
    # Only scheme, host and port: a URL may carry credentials in its user part or query.
    if not base_url:
        return "api.openai.com"
    parts = urlsplit(base_url)
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ""
    return f"{parts.scheme}://{parts.hostname or '?'}{port}"
