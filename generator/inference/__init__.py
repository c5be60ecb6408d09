"""Description → schema. `offline` is the built-in rule-based inferrer; `llm` asks a model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class InferenceError(Exception):
    """Nothing usable could be made of a description; the message says why, for the user."""


@dataclass(frozen=True)
class Usage:
    """What one request to a schema source cost; the caller records it (services), the source never
    touches the database."""

    llm_calls: int = 0
    llm_failures: int = 0
    llm_prompt_tokens: int = 0
    llm_completion_tokens: int = 0


@dataclass(frozen=True)
class Inferred:
    """A source's answer: the schema JSON and what making it cost."""

    schema: dict[str, Any]
    usage: Usage = Usage()


class SourceUnavailable(Exception):
    """A schema source (the model) failed for this request; the offline inferrer takes over.

    The message is the reason for the log (never containing secrets); it is not shown to users.
    `usage` is what the failed request cost.
    """

    def __init__(self, reason: str, usage: Usage = Usage()):
        super().__init__(reason)
        self.usage = usage
