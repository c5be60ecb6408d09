"""Description → schema. `offline` is the built-in rule-based inferrer; `llm` asks a model."""


class InferenceError(Exception):
    """Nothing usable could be made of a description; the message says why, for the user."""


class SourceUnavailable(Exception):
    """A schema source (the model) failed for this request; the offline inferrer takes over.

    The message is the reason for the log (never containing secrets); it is not shown to users.
    """
