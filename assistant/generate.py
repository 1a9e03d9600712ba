"""Optional generative answers: an OpenAI-compatible LLM writes the answer from retrieved passages only.

The model sees numbered passages and must cite them as ``[n]``. Its text passes a grounding guard before
it is shown; when anything is off — no citation, a citation to a passage that does not exist, a date,
amount, ratio, phone or number that no cited passage contains, an HTTP error or a timeout — the extractive
answer is returned instead, with the reason in ``Answer.facts["generator"]``. Citations are built from
chunk metadata (verbatim chunk text and offsets); only the ``[n]`` numbers are read from the model's text.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import httpx
import openai
from llama_index.core.base.llms.types import ChatMessage, MessageRole

from assistant.grounding import CITATION_MARKER, cited_numbers, ungrounded_values
from assistant.prompts import NOT_FOUND_PHRASE, SYSTEM_PROMPT, build_user_message
from assistant.settings import Settings
from assistant.types import Answer, Citation, Hit, Turn
from ingest.types import Chunk

if TYPE_CHECKING:
    from llama_index.core.llms import LLM

__all__ = ["GenerativeAnswerer", "GeneratorConfigError"]

log = logging.getLogger(__name__)

_THINK = re.compile(r"<think>.*?(?:</think>|$)", re.S)
_WS = re.compile(r"\s+")


class GeneratorConfigError(ValueError):
    """The LLM settings are unusable. ``reason`` is a Korean, user-facing explanation."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class GenerativeAnswerer:
    """Writes answers with an LLM and keeps them only when every value is grounded in a cited passage."""

    def __init__(
        self,
        settings: Settings,
        llm: LLM | None = None,
        *,
        max_passages: int = 6,
        max_tokens: int = 512,
    ) -> None:
        if max_passages < 1:
            raise GeneratorConfigError(f"max_passages는 1 이상이어야 합니다: {max_passages!r}")
        if max_tokens < 1:
            raise GeneratorConfigError(f"max_tokens는 1 이상이어야 합니다: {max_tokens!r}")
        self.max_passages = max_passages
        if llm is not None:
            self._llm = llm
            return
        url = settings.llm_base_url
        parsed = urlparse(url or "")
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise GeneratorConfigError(f"GILJABI_LLM_BASE_URL은 http(s) 주소여야 합니다: {url!r}")
        if not settings.llm_model.strip():
            raise GeneratorConfigError(f"GILJABI_LLM_MODEL이 비어 있습니다: {settings.llm_model!r}")
        if not settings.llm_timeout > 0:
            raise GeneratorConfigError(f"GILJABI_LLM_TIMEOUT은 0보다 커야 합니다: {settings.llm_timeout!r}")
        from llama_index.llms.openai_like import OpenAILike

        self._llm = OpenAILike(
            model=settings.llm_model,
            api_base=url,
            api_key=settings.llm_api_key or "none",
            timeout=settings.llm_timeout,
            max_retries=0,  # a caller is waiting; the extractive answer is the retry
            is_chat_model=True,
            max_tokens=max_tokens,
            temperature=0.0,
        )

    def answer(self, question: str, history: Sequence[Turn], hits: Sequence[Hit], fallback: Answer) -> Answer:
        """The generated answer when it passes the grounding guard, else ``fallback`` with the reason."""
        passages = self._passages(hits)
        if not passages:
            return _fall_back(fallback, "no_passages")
        messages = [
            ChatMessage(role=MessageRole.SYSTEM, content=SYSTEM_PROMPT),
            ChatMessage(role=MessageRole.USER, content=build_user_message(question, history, passages)),
        ]
        try:
            response = self._llm.chat(messages)
        except openai.APITimeoutError:
            return _fall_back(fallback, "timeout")
        except (openai.APIError, httpx.HTTPError) as e:
            return _fall_back(fallback, f"llm_error:{type(e).__name__}")
        text = _THINK.sub("", response.message.content or "").strip()
        return self._guard(text, passages, fallback)

    def _passages(self, hits: Sequence[Hit]) -> list[Chunk]:
        seen: set[str] = set()
        out: list[Chunk] = []
        for hit in hits:
            if hit.chunk.chunk_id in seen or not hit.chunk.text.strip():
                continue
            seen.add(hit.chunk.chunk_id)
            out.append(hit.chunk)
            if len(out) == self.max_passages:
                break
        return out

    def _guard(self, text: str, passages: Sequence[Chunk], fallback: Answer) -> Answer:
        if not text:
            return _fall_back(fallback, "empty")
        used = cited_numbers(text)
        if not used:
            said_not_found = _WS.sub("", NOT_FOUND_PHRASE) in _WS.sub("", text)
            return _fall_back(fallback, "model_not_found" if said_not_found else "no_citation")
        unknown = sorted(n for n in used if not 1 <= n <= len(passages))
        if unknown:
            return _fall_back(fallback, "unknown_citation:" + ",".join(map(str, unknown)))
        missing = ungrounded_values(text, [passages[n - 1].text for n in sorted(used)])
        if missing:
            return _fall_back(fallback, "ungrounded:" + ",".join(missing)[:200])
        text, order = _renumber(text)
        citations = tuple(
            Citation(
                n=new,
                doc_id=passages[old - 1].doc_id,
                source=passages[old - 1].source,
                title=passages[old - 1].title,
                page=passages[old - 1].page,
                section=passages[old - 1].section,
                quote=passages[old - 1].text,
                start=passages[old - 1].start,
                end=passages[old - 1].end,
            )
            for new, old in enumerate(order, start=1)
        )
        not_found = _WS.sub("", NOT_FOUND_PHRASE) in _WS.sub("", text)
        return dataclasses.replace(
            fallback,
            text=text,
            status="not_found" if not_found else "answered",
            citations=citations,
            facts={**fallback.facts, "generator": "llm"},
        )


def _renumber(text: str) -> tuple[str, list[int]]:
    """Markers renumbered 1..k in order of first use; returns the new text and the old numbers in order."""
    order: list[int] = []
    for m in CITATION_MARKER.finditer(text):
        for n in (int(x) for x in m.group(1).split(",")):
            if n not in order:
                order.append(n)
    new_of = {old: new for new, old in enumerate(order, start=1)}

    def rewrite(m: re.Match[str]) -> str:
        news = list(dict.fromkeys(new_of[int(x)] for x in m.group(1).split(",")))
        return "[" + ", ".join(map(str, news)) + "]"

    return CITATION_MARKER.sub(rewrite, text), order


def _fall_back(fallback: Answer, reason: str) -> Answer:
    log.info("generative answer rejected, using the extractive one: %s", reason)
    return dataclasses.replace(fallback, facts={**fallback.facts, "generator": f"fallback:{reason}"})
