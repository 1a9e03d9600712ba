"""BM25 over Kiwi morphemes (bm25s), saved beside the vector store; the tokenizer is pluggable."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import bm25s
import numpy as np

from ingest.korean import keyword_tokens

Tokenizer = Callable[[str], list[str]]


class KeywordIndex:
    def __init__(
        self, chunk_ids: Sequence[str], model: bm25s.BM25 | None, tokenizer: Tokenizer = keyword_tokens
    ) -> None:
        self.chunk_ids = list(chunk_ids)
        self.model = model
        self.tokenizer = tokenizer
        self._pos = {cid: i for i, cid in enumerate(self.chunk_ids)}

    @classmethod
    def build(
        cls, chunk_ids: Sequence[str], tokens: Sequence[Sequence[str]], tokenizer: Tokenizer = keyword_tokens
    ) -> KeywordIndex:
        if len(chunk_ids) != len(tokens):
            raise ValueError(f"chunk_ids ({len(chunk_ids)}) and tokens ({len(tokens)}) differ in length")
        if not chunk_ids:
            return cls([], None, tokenizer)
        model = bm25s.BM25(k1=1.2, b=0.75)
        model.index([list(t) if t else ["∅"] for t in tokens], show_progress=False)
        return cls(chunk_ids, model, tokenizer)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "chunk_ids.json").write_text(json.dumps(self.chunk_ids), encoding="utf-8")
        if self.model is not None:
            self.model.save(str(directory), show_progress=False)

    @classmethod
    def load(cls, directory: Path, tokenizer: Tokenizer = keyword_tokens) -> KeywordIndex:
        chunk_ids = json.loads((directory / "chunk_ids.json").read_text(encoding="utf-8"))
        model = bm25s.BM25.load(str(directory), show_progress=False) if chunk_ids else None
        return cls(chunk_ids, model, tokenizer)

    def idf(self) -> dict[str, float]:
        """Inverse document frequency of every indexed token (rare words weigh more)."""
        if self.model is None:
            return {}
        df = np.diff(np.asarray(self.model.scores["indptr"]))
        n = max(len(self.chunk_ids), 1)
        return {
            tok: float(np.log(1 + (n - df[i] + 0.5) / (df[i] + 0.5)))
            for tok, i in self.model.vocab_dict.items()
            if i < len(df)
        }

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def search(self, query: str, k: int = 20, allowed: set[str] | None = None) -> list[tuple[str, float]]:
        """Top ``k`` (chunk_id, score) for ``query``; ``allowed`` restricts to those chunk ids."""
        if self.model is None:
            return []
        tokens = [t for t in self.tokenizer(query) if t in self.model.vocab_dict]
        if not tokens:
            return []
        scores = np.asarray(self.model.get_scores(tokens), dtype=np.float32)
        if allowed is not None:
            mask = np.zeros(len(scores), dtype=bool)
            for cid in allowed:
                pos = self._pos.get(cid)
                if pos is not None:
                    mask[pos] = True
            scores = np.where(mask, scores, 0.0)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self.chunk_ids[i], float(scores[i])) for i in top if scores[i] > 0]
