"""Seeds and stable hashes: the same key gives the same number in every process and on every host."""

from __future__ import annotations

import hashlib

MAX_SEED = 2**63 - 1


def stable_hash(key: str) -> int:
    """A 64-bit hash of `key` that is the same in every process (unlike `hash`)."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big")
