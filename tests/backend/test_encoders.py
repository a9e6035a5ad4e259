"""The sentence encoders and the embedding cache (backend/encoders.py)."""

from __future__ import annotations

import subprocess
import sys
import threading

import numpy as np
import pytest

from ls_thematic.backend.encoders import (
    DEFAULT_CACHE_LIMIT,
    EmbeddingCache,
    FakeEncoder,
    get_embedding_cache,
    get_encoder,
)


def test_unknown_encoder_spec():
    with pytest.raises(ValueError, match=r"Unknown encoder 'bert-huge': no such spec"):
        get_encoder("bert-huge")


@pytest.mark.parametrize("spec", ["fake:big", "fake:\u00b2", "fake:\u0663\u0662", "fake:-8"])
def test_fake_encoder_dim_must_be_ascii_digits(spec):
    # "²" passes str.isdigit() and Arabic-Indic digits pass isdecimal(): both are refused
    # with the spec's own message, not a bare int() error.
    with pytest.raises(
        ValueError, match=r"fake encoder's DIM must be an integer; allowed: 'minilm'"
    ):
        get_encoder(spec)


def test_fake_encoder_is_deterministic_and_similarity_aware():
    encoder = FakeEncoder(64)
    a, b, c = encoder.encode(["no parking spaces", "no parking space", "kind caring nurses"])
    np.testing.assert_allclose(np.linalg.norm([a, b, c], axis=1), 1.0, rtol=1e-6)
    assert a @ b > a @ c + 0.3
    np.testing.assert_array_equal(FakeEncoder(64).encode(["no parking spaces"])[0], a)


def test_get_encoder_is_cached_per_spec():
    assert get_encoder("fake:24") is get_encoder("fake:24")
    assert get_embedding_cache("fake:24") is get_embedding_cache("fake:24")
    assert get_encoder("fake:24").dim == 24


def test_embedding_cache_embeds_only_misses_and_round_trips(tmp_path):
    encoder = FakeEncoder(32)
    cache = EmbeddingCache(encoder)
    first = cache.embed(["a b", "c d", "a b"])
    assert encoder.texts_encoded == 2
    again = cache.embed(["c d", "a b", "e f"])
    assert encoder.texts_encoded == 3
    np.testing.assert_array_equal(again[:2], first[[1, 0]])

    cache.save(tmp_path / "emb")
    fresh_encoder = FakeEncoder(32)
    fresh = EmbeddingCache(fresh_encoder)
    assert fresh.load(tmp_path / "emb") == 3
    np.testing.assert_array_equal(fresh.embed(["e f", "a b"]), again[[2, 1]])
    assert fresh_encoder.texts_encoded == 0


def test_embedding_cache_refuses_another_encoders_file(tmp_path):
    cache = EmbeddingCache(FakeEncoder(32))
    cache.embed(["x"])
    cache.save(tmp_path / "emb")
    with pytest.raises(ValueError, match=r"written for encoder 'fake:32'; this cache's encoder is"):
        EmbeddingCache(FakeEncoder(16)).load(tmp_path / "emb")


def embedded(texts: list[str], dim: int = 16) -> np.ndarray:
    """The vectors a fresh fake encoder gives ``texts``: what the cache must return."""
    return FakeEncoder(dim).encode(texts)


def test_cache_keeps_the_default_limit():
    assert EmbeddingCache(FakeEncoder(8)).limit == DEFAULT_CACHE_LIMIT == 50_000


@pytest.mark.parametrize("limit", [0, -3, 2.5, "10", True, None])
def test_cache_refuses_a_bad_limit(limit):
    with pytest.raises(
        ValueError, match=r"limit must be a whole number of vectors, at least 1; got"
    ):
        EmbeddingCache(FakeEncoder(8), limit=limit)


def test_cache_evicts_the_least_recently_used():
    encoder = FakeEncoder(16)
    cache = EmbeddingCache(encoder, limit=5)
    for i in range(5):
        cache.embed([f"text {i}"])
    cache.embed(["text 0", "text 1"])  # hits: 0 and 1 become the most recently used
    assert encoder.texts_encoded == 5
    cache.embed(["text 5"])
    cache.embed(["text 6", "text 7"])  # limit + 3 texts in all: 2, 3 and 4 were used longest ago

    assert len(cache) == 5
    assert [f"text {i}" in cache for i in range(8)] == [1, 1, 0, 0, 0, 1, 1, 1]
    assert cache.nbytes <= 5 * 16 * 4  # rows are reused: the array never outgrows the limit
    calls = encoder.calls
    order = ["text 7", "text 0", "text 5", "text 1", "text 6"]
    np.testing.assert_array_equal(cache.embed(order), embedded(order))
    assert encoder.calls == calls  # all hits: the encoder was not called

    # Within one call, later texts count as more recent: "text 7" is now the oldest.
    np.testing.assert_array_equal(cache.embed(["text 2"]), embedded(["text 2"]))
    assert encoder.calls == calls + 1
    assert "text 7" not in cache and "text 0" in cache and "text 2" in cache
    assert len(cache) == 5


def test_cache_returns_every_vector_of_a_call_larger_than_the_limit():
    fresh = [f"fresh {i}" for i in range(7)]
    np.testing.assert_array_equal(
        EmbeddingCache(FakeEncoder(16), limit=3).embed(fresh), embedded(fresh)
    )

    encoder = FakeEncoder(16)
    cache = EmbeddingCache(encoder, limit=4)
    cache.embed(["old a", "old b"])
    texts = ["old a"] + [f"new {i}" for i in range(9)] + ["new 3", "old b", "new 0"]
    np.testing.assert_array_equal(cache.embed(texts), embedded(texts))
    assert encoder.texts_encoded == 2 + 9  # each distinct miss embedded once
    assert len(cache) == 4 and cache.nbytes <= 4 * 16 * 4
    # The cache keeps the texts used last in the call (new 0 and old b at its end).
    assert sorted(t for t in set(texts) if t in cache) == ["new 0", "new 3", "new 8", "old b"]
    np.testing.assert_array_equal(cache.embed(["new 8", "old b"]), embedded(["new 8", "old b"]))
    assert encoder.texts_encoded == 11


def test_cache_stays_correct_and_bounded_under_threads():
    cache = EmbeddingCache(FakeEncoder(16), limit=20)
    texts = [f"sentence {i}" for i in range(60)]
    expected = embedded(texts)
    errors: list[str] = []

    def work(seed: int) -> None:
        rng = np.random.default_rng(seed)
        for _ in range(40):
            picks = rng.choice(len(texts), size=int(rng.integers(1, 30)))
            got = cache.embed([texts[i] for i in picks])
            if not np.array_equal(got, expected[picks]):
                errors.append(f"thread {seed} got wrong vectors")

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(cache) == 20 and cache.nbytes <= 20 * 16 * 4


def test_cache_load_keeps_the_most_recent_entries_up_to_its_limit(tmp_path):
    cache = EmbeddingCache(FakeEncoder(16), limit=10)
    cache.embed([f"text {i}" for i in range(8)])
    cache.embed(["text 1"])  # the most recently used of the eight
    cache.save(tmp_path / "emb")

    encoder = FakeEncoder(16)
    small = EmbeddingCache(encoder, limit=3)
    assert small.load(tmp_path / "emb") == 3
    assert sorted(t for t in (f"text {i}" for i in range(8)) if t in small) == [
        "text 1",
        "text 6",
        "text 7",
    ]
    np.testing.assert_array_equal(small.embed(["text 7", "text 1"]), embedded(["text 7", "text 1"]))
    assert encoder.texts_encoded == 0 and small.nbytes <= 3 * 16 * 4


def test_cache_resize_drops_the_least_recently_used():
    cache = EmbeddingCache(FakeEncoder(16), limit=6)
    cache.embed([f"text {i}" for i in range(6)])
    cache.embed(["text 0"])
    cache.resize(2)
    assert cache.limit == 2 and len(cache) == 2 and cache.nbytes <= 2 * 16 * 4
    assert [f"text {i}" in cache for i in range(6)] == [1, 0, 0, 0, 0, 1]
    np.testing.assert_array_equal(cache.embed(["text 5", "text 9"]), embedded(["text 5", "text 9"]))
    assert "text 0" not in cache and len(cache) == 2


def test_get_embedding_cache_applies_a_given_limit():
    cache = get_embedding_cache("fake:43")  # a spec no other test uses: the cache is process-wide
    try:
        assert cache.limit == DEFAULT_CACHE_LIMIT
        assert get_embedding_cache("fake:43", limit=7) is cache
        assert cache.limit == 7
    finally:
        cache.resize(DEFAULT_CACHE_LIMIT)


_HELD_AFTER_FREE = """
import sys
import numpy as np
from ls_thematic.backend.encoders import freed_memory_returned

def rss_mb():
    status = dict(line.split(":", 1) for line in open("/proc/self/status"))
    return int(status["VmRSS"].split()[0]) / 1024


def work():
    big = np.ones(16 * 2**20, dtype=np.uint8)
    del big  # glibc's threshold would now rise to 16 MB
    before = rss_mb()
    buffers, kept = [], []
    for _ in range(30):  # 30 buffers of 1 MB, each followed by a small block that stays
        buffers.append(np.ones(2**20, dtype=np.uint8))
        kept.append(np.ones(1024, dtype=np.uint8))
    del buffers
    return rss_mb() - before, kept

if sys.argv[1] == "fixed":
    with freed_memory_returned():
        held, kept = work()
else:
    held, kept = work()
print(held)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="glibc's mallopt and /proc: Linux only")
def test_large_freed_buffers_go_back_to_the_system():
    """With glibc's default, 1 MB buffers freed after a 16 MB one stay in the process; inside
    freed_memory_returned() (around the encoder's work) they go back."""
    held = {}
    for mode in ("default", "fixed"):
        done = subprocess.run(
            [sys.executable, "-c", _HELD_AFTER_FREE, mode], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        held[mode] = float(done.stdout.strip())
    assert held["default"] > 20, held  # the premise: the default keeps them
    assert held["fixed"] < 5, held


_TRIMMED = """
import numpy as np
from ls_thematic.backend.encoders import release_freed_memory

def rss_mb():
    status = dict(line.split(":", 1) for line in open("/proc/self/status"))
    return int(status["VmRSS"].split()[0]) / 1024

big = np.ones(16 * 2**20, dtype=np.uint8)
del big  # glibc's threshold rises to 16 MB: 1 MB buffers now come from the heap
buffers, kept = [], []
for _ in range(30):  # 30 buffers of 1 MB, each followed by a small block that stays
    buffers.append(np.ones(2**20, dtype=np.uint8))
    kept.append(np.ones(1024, dtype=np.uint8))
del buffers
before = rss_mb()
release_freed_memory()
print(before - rss_mb())
"""


@pytest.mark.skipif(sys.platform != "linux", reason="glibc's malloc_trim and /proc: Linux only")
def test_release_freed_memory_gives_freed_heap_blocks_back():
    """Freed 1 MB blocks held in the heap between blocks that stay (a fit's temporaries) go
    back to the system with release_freed_memory() (called after every refit)."""
    done = subprocess.run([sys.executable, "-c", _TRIMMED], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert float(done.stdout.strip()) > 20
