"""The sentence encoders and the embedding cache (backend/encoders.py)."""

from __future__ import annotations

import numpy as np
import pytest

from ls_thematic.backend.encoders import (
    EmbeddingCache,
    FakeEncoder,
    get_embedding_cache,
    get_encoder,
)


def test_unknown_encoder_spec():
    with pytest.raises(ValueError, match=r"Unknown encoder 'bert-huge': no such spec"):
        get_encoder("bert-huge")
    with pytest.raises(ValueError, match=r"fake encoder's DIM must be an integer"):
        get_encoder("fake:big")


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
