"""python manage.py llmstats [--json]: model calls, tokens, cache hits and fallbacks so far."""

from __future__ import annotations

import json

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
        self.stdout.write(f"model: {settings.SYNTH_LLM_MODEL} (base URL: {settings.OPENAI_BASE_URL or 'api.openai.com'})")
        width = max(map(len, counts))
        for name, value in counts.items():
            meaning = COUNTERS.get(name, "")
            self.stdout.write(f"{name:<{width}}  {value:>12,}  {meaning}")
