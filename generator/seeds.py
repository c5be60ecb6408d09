"""Seeds and stable hashes: the same key gives the same number in every process and on every host."""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np

MAX_SEED = 2**63 - 1


def stable_hash(key: str) -> int:
    """A 64-bit hash of `key` that is the same in every process (unlike `hash`)."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big")


# numpy's SeedSequence (numpy/random/bit_generator.pyx), whose words a PCG64 generator is seeded from
_POOL = 4
_INIT_A, _MULT_A, _INIT_B, _MULT_B = 0x43B0D7E5, 0x931E8875, 0x8B51F9DD, 0x58F38DED
_MIX_L, _MIX_R, _MASK = 0xCA01F9DD, 0x4973F715, 0xFFFFFFFF
_BLOCK = 1024  # chunks whose seeds are worked out together, per key
_FEWEST = 8  # fewer chunks than this: each generator seeded on its own, as numpy does it


def _words(value: int) -> list[int]:
    """An int as SeedSequence reads it: 32-bit words, lowest first ([0] for zero)."""
    words = [value & _MASK]
    while value := value >> 32:
        words.append(value & _MASK)
    return words


def pcg64_seeds(entropy: np.ndarray) -> np.ndarray:
    """SeedSequence(row).generate_state(4, np.uint64) for each row of 32-bit entropy words, all rows at once."""
    rows, width = entropy.shape
    running = {"hash": _INIT_A}

    def hashmix(value: np.ndarray) -> np.ndarray:
        value = value ^ np.uint32(running["hash"])
        running["hash"] = running["hash"] * _MULT_A & _MASK
        value = value * np.uint32(running["hash"])
        return value ^ (value >> np.uint32(16))

    def mix(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        result: np.ndarray = x * np.uint32(_MIX_L) - y * np.uint32(_MIX_R)
        return result ^ (result >> np.uint32(16))

    zero = np.zeros(rows, dtype=np.uint32)
    pool = [hashmix(entropy[:, i] if i < width else zero) for i in range(_POOL)]
    for source in range(_POOL):
        for target in range(_POOL):
            if source != target:
                pool[target] = mix(pool[target], hashmix(pool[source]))
    for source in range(_POOL, width):
        for target in range(_POOL):
            pool[target] = mix(pool[target], hashmix(entropy[:, source]))
    out = np.empty((rows, 8), dtype="<u4")
    constant = _INIT_B
    for i in range(8):
        value = pool[i % _POOL] ^ np.uint32(constant)
        constant = constant * _MULT_B & _MASK
        value = value * np.uint32(constant)
        out[:, i] = value ^ (value >> np.uint32(16))
    return out.view("<u8").astype(np.uint64)


class _Seeded(np.random.bit_generator.ISeedSequence):
    """A seed sequence whose state is already worked out (what PCG64 asks of it)."""

    __slots__ = ("words",)

    def __init__(self, words: np.ndarray):
        self.words = words

    def generate_state(self, n_words: int, dtype=np.uint32) -> np.ndarray:
        assert n_words == 4 and np.dtype(dtype) == np.uint64, (n_words, dtype)
        return self.words


def chunk_generator(seed: int, key: str, chunk: int) -> np.random.Generator:
    """The generator for `key` in chunk `chunk` of a dataset made with `seed`."""
    return np.random.default_rng(np.random.SeedSequence([seed, stable_hash(key), chunk]))


class ChunkSeeds:
    """chunk_generator(seed, key, chunk) for the chunks of one dataset, the same generators made
    faster: numpy works out a seed sequence in about 15 µs, and a chunk asks for one per column
    and relation, so the sequences of many chunks are worked out together, a key at a time
    (pcg64_seeds), and each generator is then seeded with its own."""

    def __init__(self, seed: int, chunks: range):
        self.seed, self.chunks = seed, chunks
        self._blocks: dict[tuple[str, int], np.ndarray] = {}
        self._hashes: dict[str, int] = {}

    def generator(self, key: str, chunk: int) -> np.random.Generator:
        if len(self.chunks) < _FEWEST or chunk not in self.chunks or chunk > _MASK or self.seed < 0:
            return chunk_generator(self.seed, key, chunk)
        block = (chunk - self.chunks.start) // _BLOCK
        states = self._blocks.get((key, block))
        if states is None:  # two threads may work out one block at once: the same numbers either way
            states = self._blocks[key, block] = self._block(key, block)
            self._blocks.pop((key, block - 2), None)  # chunks come in order: memory stays flat however long the file
        seeded: Any = _Seeded(states[chunk - self.chunks.start - block * _BLOCK])  # a seed sequence, as PCG64 asks
        return np.random.Generator(np.random.PCG64(seeded))

    def _block(self, key: str, block: int) -> np.ndarray:
        if key not in self._hashes:
            self._hashes[key] = stable_hash(key)
        first = self.chunks.start + block * _BLOCK
        chunks = np.arange(first, min(first + _BLOCK, self.chunks.stop), dtype=np.int64)
        head = _words(self.seed) + _words(self._hashes[key])
        entropy = np.empty((len(chunks), len(head) + 1), dtype=np.uint32)
        entropy[:, : len(head)] = head
        entropy[:, -1] = chunks  # every chunk below 2**32 is one word
        return pcg64_seeds(entropy)
