"""Description → schema. `offline` is the built-in rule-based inferrer; `llm` asks a model."""


class InferenceError(Exception):
    """Nothing usable could be made of a description; the message says why, for the user."""
