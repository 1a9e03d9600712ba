"""Korean analysis with one shared Kiwi instance: sentences and morpheme tokens for keyword search.

Kiwi splits some domain words wrongly (자부담 → 자/IC + 부담), so a user dictionary adds them.
Keyword tokens are content morphemes (nouns, verb/adjective stems, roots, foreign words, numbers),
so "서울은" and "서울" both give the token "서울" — whitespace tokenizers miss that.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

import kiwipiepy
from kiwipiepy import Kiwi

from ingest.stored_analyses import STORED

# Domain words Kiwi splits wrongly, with the parts a user might type separately.
USER_WORDS: dict[str, tuple[str, ...]] = {
    "자부담": ("부담",),
    "자부담금": ("부담",),
    "지방비": ("지방",),
    "국비": (),
    "도비": (),
    "시비": (),
    "테크노파크": ("테크노", "파크"),
    "주관기관": ("주관", "기관"),
    "참여기관": ("참여", "기관"),
    "전문기관": ("전문", "기관"),
    "수행기관": ("수행", "기관"),
    "연고산업": ("연고", "산업"),
    "팁스": (),
    "디딤돌": (),
    "스케일업": (),
    "민간부담금": ("민간", "부담"),
    "현물": (),
    "현금": (),
    "중기부": ("중소벤처기업부",),
    "중소벤처기업부": (),
    "창업도약패키지": ("창업", "도약", "패키지"),
    "기업마당": (),
    "범부처통합연구지원시스템": (),
    "스마트공장": ("스마트", "공장"),
}

_CONTENT_TAGS = ("NNG", "NNP", "NR", "SL", "SN", "SH", "XR", "VV", "VA", "MAG", "W_SERIAL")
_STOP = frozenset({"하", "있", "되", "않", "없", "같", "이", "것", "수", "등", "및", "년", "월", "일"})

_lock = threading.Lock()


@lru_cache(maxsize=1)
def get_kiwi() -> Kiwi:
    """The process-wide Kiwi with the domain user dictionary (loading the model takes ~1 s)."""
    kiwi = Kiwi()
    for word in USER_WORDS:
        kiwi.add_user_word(word, "NNP", 0.0)
    return kiwi


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


LINE_CACHE = 100_000  # long lines whose sentence bounds are kept (the answerer splits the same chunks again)


def analyser_id() -> str:
    """What a stored analysis was computed with: Kiwi's version and this module's dictionary and tags
    (`ingest.stored_analyses` reads only files written with the same)."""
    words = repr((sorted(USER_WORDS.items()), _CONTENT_TAGS, sorted(_STOP)))
    return f"kiwipiepy {kiwipiepy.__version__} {hashlib.blake2b(words.encode(), digest_size=8).hexdigest()}"


def is_long_line(line: str) -> bool:
    """A line `split_sentences` asks Kiwi to split (the others are one sentence each)."""
    return "\t" not in line and len(line.strip()) >= 40


@lru_cache(maxsize=LINE_CACHE)
def _line_sentences(line: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence of one long line (cached by the line's text): stored by the background
    worker (`ingest.stored_analyses`) or analysed now."""
    stored = STORED.line_sentences(line)
    return stored if stored is not None else line_sentence_bounds(line)


def line_sentence_bounds(line: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence of one long line, by Kiwi."""
    with _lock:
        sents = get_kiwi().split_into_sents(line)
    out: list[tuple[int, int]] = []
    for s in sents:
        piece = line[s.start : s.end].strip()
        if piece:
            start = line.index(piece, s.start)
            out.append((start, start + len(piece)))
    return tuple(out)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with offsets into ``text``; every line is at least its own sentence boundary."""
    out: list[Sentence] = []
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            if not is_long_line(line):
                out.append(Sentence(offset + lead, offset + lead + len(stripped), stripped))
            else:
                for start, end in _line_sentences(line):
                    out.append(Sentence(offset + start, offset + end, line[start:end]))
        offset += len(line) + 1
    return out


def _tokens_of(tokens: Iterable[object]) -> list[str]:
    out: list[str] = []
    for tok in tokens:
        tag: str = tok.tag  # type: ignore[attr-defined]
        form: str = tok.form  # type: ignore[attr-defined]
        if not tag.startswith(_CONTENT_TAGS):
            continue
        if tag in ("SL",):
            form = form.lower()
        if form in _STOP:
            continue
        out.append(form)
        out.extend(USER_WORDS.get(form, ()))
    return out


# Keyword tokens known without Kiwi (the program names, read from a file at start: `assistant.name_tokens`),
# and, while `recording_tokens` runs, those computed (to be written to that file).
_known_tokens: dict[str, tuple[str, ...]] = {}
_recorded: dict[str, tuple[str, ...]] | None = None


def keyword_tokens(text: str) -> list[str]:
    """Content morphemes of ``text`` for BM25 (lower-cased Latin, user-dictionary parts added)."""
    known = _known_tokens.get(text)
    if known is not None:
        return list(known)
    kiwi = get_kiwi()
    with _lock:
        toks = kiwi.tokenize(text)
    out = _tokens_of(toks)
    recorded = _recorded
    if recorded is not None:
        recorded[text] = tuple(out)
    return out


def know_tokens(tokens: Mapping[str, Sequence[str]]) -> None:
    """Keyword tokens computed earlier by the same analyser (`analyser_id`): `keyword_tokens` returns them
    without asking Kiwi."""
    _known_tokens.update((text, tuple(toks)) for text, toks in tokens.items())


@contextmanager
def recording_tokens() -> Iterator[dict[str, tuple[str, ...]]]:
    """The texts `keyword_tokens` analyses with Kiwi while the block runs, with their tokens (one recording
    at a time; other threads' texts may be recorded too, and their tokens are as right)."""
    global _recorded
    recorded: dict[str, tuple[str, ...]] = {}
    _recorded = recorded
    try:
        yield recorded
    finally:
        _recorded = None


def keyword_tokens_many(texts: Sequence[str]) -> list[list[str]]:
    """Batch version of :func:`keyword_tokens` (Kiwi analyses the batch in one call)."""
    if not texts:
        return []
    kiwi = get_kiwi()
    with _lock:
        results = list(kiwi.tokenize(list(texts)))
    return [_tokens_of(toks) for toks in results]


def tagged_nouns(text: str) -> list[tuple[str, str]]:
    """(form, tag) of the nouns, foreign words and numbers in ``text`` (for coverage checks)."""
    kiwi = get_kiwi()
    with _lock:
        toks = kiwi.tokenize(text)
    return [(t.form, t.tag) for t in toks if t.tag in ("NNG", "NNP", "SL", "SN", "SH")]


_PHRASE_TAGS = frozenset({"NNG", "NNP", "SL", "SN", "SH", "SW", "XPN", "XSN"})


def noun_phrases(text: str, pairs: bool = True) -> list[tuple[str, ...]]:
    """Compound nouns as written (("희망리턴패키지",), ("인재대학",), ("r&d",)) and, with ``pairs``, each
    with the next one when only a space separates them (("공급망", "협력")), lower-case — to match
    document text with the spaces taken out."""
    kiwi = get_kiwi()
    with _lock:
        toks = kiwi.tokenize(text)
    runs: list[tuple[int, int]] = []
    for t in toks:
        if t.tag not in _PHRASE_TAGS or (t.tag == "XSN" and t.form == "들"):  # "세부과제들" is 세부과제
            continue
        if runs and runs[-1][1] == t.start and (t.tag != "SW" or t.form == "&"):
            runs[-1] = (runs[-1][0], t.start + t.len)
        elif t.tag != "SW":
            runs.append((t.start, t.start + t.len))
    out: list[tuple[str, ...]] = [(text[s:e].lower(),) for s, e in runs]
    for (s1, e1), (s2, e2) in zip(runs, runs[1:] if pairs else [], strict=False):
        if not text[e1:s2].strip():
            out.append((text[s1:e1].lower(), text[s2:e2].lower()))
    return list(dict.fromkeys(out))


def morpheme_bounds(text: str) -> tuple[frozenset[int], frozenset[int]]:
    """Where the nouns, names and numbers of ``text`` start, and where they end (Kiwi morphemes)."""
    kiwi = get_kiwi()
    with _lock:
        toks = kiwi.tokenize(text)
    content = [t for t in toks if t.tag in _PHRASE_TAGS and t.tag != "SW" or t.tag in ("NR", "XR")]
    return frozenset(t.start for t in content), frozenset(t.start + t.len for t in content)
