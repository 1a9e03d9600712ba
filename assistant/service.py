"""The Assistant: one object used by the CLI, the API and the UI alike. It wires the stages of the answer
path — the question read once (``question``), its program resolved (``resolution``), questions across
programs (``scopes``), the refusal checks (``answerability``), retrieval and its expansion
(``expansion``), composition (``composition``) — over one index generation (``corpus_view``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.answer import asked_event
from assistant.answerability import (
    Case,
    Refusal,
    after_composition,
    after_retrieval,
    before_retrieval,
    corpus_gaps,
    on_arrival,
    program_gaps,
    refusal_answer,
)
from assistant.company_profile import CompanyProfile
from assistant.composition import composed
from assistant.corpus_view import CorpusView, derive
from assistant.expansion import expanded, with_replacements
from assistant.index import SearchIndex, Snapshot, load_new_span_vectors, load_snapshot
from assistant.profile_match import Match, match_programs
from assistant.program_filters import ProgramFilter
from assistant.program_listing import rounds_answer
from assistant.programs import ProgramMatch
from assistant.question import ParsedQuestion, parse_question
from assistant.resolution import confirmed, query_for, resolve, rounds
from assistant.retrieve import HybridRetriever
from assistant.scopes import Scope, scoped_answer
from assistant.settings import Settings
from assistant.swap_lock import SwapLock
from assistant.types import Answer, Hit, Turn
from ingest.catalog_types import DocumentRecord
from ingest.review import DocumentReview
from ingest.types import IngestReport

if TYPE_CHECKING:
    from ingest.cards import ProgramCard
    from ingest.pipeline import ProgressFn

log = logging.getLogger(__name__)

SPAN_CHECK_SECONDS = 10.0  # how often a running assistant looks for span vectors a backfill has written


class Assistant:
    def __init__(self, settings: Settings, index: SearchIndex | None = None) -> None:
        self.settings = settings
        self.index = index or SearchIndex(settings.home, settings.chroma_url)
        self.retriever = HybridRetriever(self.index)
        self._lock = threading.Lock()
        self._generator: object | None = None
        self._swap = SwapLock()
        self._refresh()

    @classmethod
    def from_settings(cls, settings: Settings) -> Assistant:
        return cls(settings)

    # ------------------------------------------------------------------ state
    def _refresh(self, snap: Snapshot | None = None) -> None:
        """Switch to ``snap`` (default: the index's current one) and what is derived from it, computed
        first and then assigned in one step: callers switch under ``self._swap.writing()``."""
        snap = snap or self.index.snapshot
        view = derive(self.index, snap)
        self.index.snapshot = snap
        self.view: CorpusView = view
        self.resolver, self._cards, self._similarity = view.resolver, view.cards, view.similarity
        self._spans_checked = time.monotonic()

    def stats(self) -> tuple[int, int]:
        snap = self.index.snapshot
        return len(snap.docs), len(snap.chunks)

    def documents(self) -> list[DocumentRecord]:
        return self.index.snapshot.catalog.records

    def document_review(self) -> DocumentReview:
        """Documents staff should look at: lines that address the reader, conflicts between notices."""
        return self.view.review

    def document_text(self, doc_id: str) -> str:
        doc = self.index.snapshot.docs.get(doc_id)
        if doc is None:
            raise KeyError(doc_id)
        return doc.text

    def ingest_files(self, paths: Sequence[Path]) -> IngestReport:
        from ingest.pipeline import ingest_paths

        with self._lock:
            # the upload answers as soon as it is in the keyword index; its vectors follow in the background
            report = ingest_paths(
                paths, self.settings.home, self.settings.chroma_url, span_vectors=False, chunk_vectors=False
            )
            snap = load_snapshot(self.settings.home)
            with self._swap.writing():  # between requests: none sees half of each generation
                self._refresh(snap)
        from ingest.span_backfill import start_background

        start_background(self.settings.home, self.settings.span_vectors)
        return report

    def programs(
        self,
        status: str | None = None,
        q: str | None = None,
        region: str | None = None,
        ministry: str | None = None,
    ) -> list[ProgramCard]:
        """Program cards by deadline, narrowed by status as of today, words of their name, a region and
        an issuing body (``program_filters.ProgramFilter``; ValueError names an unknown status or region)."""
        today = self.settings.effective_today()
        cards = sorted(
            self._cards.values(), key=lambda c: (c.apply_end is None, c.apply_end or 0), reverse=False
        )
        return ProgramFilter(status or None, q, region, ministry).apply(cards, today)

    def program(self, doc_id: str) -> ProgramCard | None:
        return self._cards.get(doc_id)

    def match_profile(
        self, profile: CompanyProfile, excluded: bool = False, today: dt.date | None = None
    ) -> list[Match]:
        """Every program family's current notice matched against ``profile`` as of ``today`` (default: the
        settings' day), ranked."""
        day = today or self.settings.effective_today()
        return match_programs(list(self._cards.values()), profile, day, excluded=excluded)

    def cards(self) -> list[ProgramCard]:
        """Every program card of the index (each announcement once per file)."""
        return list(self._cards.values())

    # ------------------------------------------------------------------ search / ask
    def search(self, query: str, k: int = 5) -> list[Hit]:
        """Hybrid search over the whole index (no program resolution)."""
        return self.retriever.retrieve(query, k=k)

    def retrieve(self, question: str, history: Sequence[Turn] = (), k: int = 8) -> list[Hit]:
        """What ``ask`` retrieves: hybrid search narrowed to the program of the question or history."""
        parsed = self.parse(question, history)
        program, _ = resolve(self.view, parsed)
        return self.retriever.retrieve(parsed.text, k=k, doc_ids=set(program.doc_ids) if program else None)

    def parse(self, question: str, history: Sequence[Turn] = ()) -> ParsedQuestion:
        """``question`` (after ``history``) read once, as every stage of the answer path reads it."""
        return parse_question(question, history, self.view.idf)

    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        started = time.perf_counter()
        with self._swap.reading():
            self._pick_up_span_vectors()
            answer = self._ask(question.strip(), list(history))
        took = (time.perf_counter() - started) * 1000
        return Answer(**{**answer.__dict__, "took_ms": round(took, 1)})

    def _ask(self, question: str, history: list[Turn]) -> Answer:
        unmentioned: list[str] = []
        answer = self._answer(self.parse(question, history), unmentioned)
        if unmentioned and answer.status == "answered":
            note = f"\n(문서에는 '{', '.join(unmentioned)}'에 관한 언급이 없습니다.)"
            answer = Answer(**{**answer.__dict__, "text": answer.text + note})
        return answer

    def _answer(self, question: ParsedQuestion, unmentioned: list[str]) -> Answer:
        """The answer; regions the program's documents never mention but that are not the subject of the
        question are added to ``unmentioned``."""
        arrival = Case(self.view, question, None)
        refusal = on_arrival(arrival)
        if refusal is not None:
            return self._refused(refusal, arrival, ())
        program, from_history = resolve(self.view, question)
        today = self.settings.effective_today()
        scoped = scoped_answer(Scope(self.view, question, program, from_history, today))
        if scoped is not None:
            return scoped
        return self._answer_program(question, program, from_history, today, unmentioned)

    def _answer_program(
        self,
        question: ParsedQuestion,
        program: ProgramMatch | None,
        from_history: bool,
        today: dt.date,
        unmentioned: list[str],
    ) -> Answer:
        """The answer from one program's passages (or from the whole corpus without a program): checks
        before retrieval, retrieval, checks, expansion, composition, checks."""
        view = self.view
        missing, regions = program_gaps(view, question, program) if program and not from_history else ([], [])
        case = Case(view, question, program, from_history, corpus_gaps(view, question), tuple(missing))
        refusal = before_retrieval(case)
        if refusal is not None:
            return self._refused(refusal, case, ())
        unmentioned += regions  # "충청도도 돼요?": answered, with a note that the documents do not name it
        program = confirmed(view, question, program, from_history, missing, case.absent)
        if program and question.intent.primary == "deadline" and asked_event(question.text) is None:
            found = rounds(view, question, program)
            if found:  # "… 마감 언제예요?" of a program with several rounds: each round, current first
                return rounds_answer(question.text, found, view.snap.docs, today, view.section_at)
        query = query_for(view, question, program, from_history)
        if program:  # a replaced notice is answered from the notice that replaced it
            program = dataclasses.replace(
                program, doc_ids=frozenset(with_replacements(view.cards, program.doc_ids))
            )
        hits = self.retriever.retrieve(query, k=8, doc_ids=set(program.doc_ids) if program else None)
        case = dataclasses.replace(case, program=program, hits=tuple(hits))
        refusal = after_retrieval(case)
        if refusal is not None:
            return self._refused(refusal, case, hits)
        hits = expanded(view, question, program, hits)
        answer = composed(view, question, query, program, hits, today)
        refusal = after_composition(dataclasses.replace(case, hits=tuple(hits), answer=answer))
        if refusal is not None:
            return self._refused(refusal, case, hits)
        assert answer is not None  # the last check after composition refuses a missing answer
        if self.settings.llm_base_url:
            answer = self._generate(question, hits, answer)
        return answer

    def _refused(self, refusal: Refusal, case: Case, hits: Sequence[Hit]) -> Answer:
        """The refusal as an answer, listing the passages it says may be related."""
        text = case.question.text
        if refusal.near == "program":
            scope = set(case.program.doc_ids) if case.program else None
            hits = self.retriever.retrieve(text, k=5, doc_ids=scope)
        elif refusal.near == "corpus":
            hits = self.retriever.retrieve(text, k=5)
        return refusal_answer(refusal, case, hits)

    def _pick_up_span_vectors(self) -> None:
        """While a background backfill runs, take up the documents it has finished (checked every few
        seconds): chunk vectors into the vector store, span vectors into the snapshot."""
        snap = self.index.snapshot
        now = time.monotonic()
        if (snap.spans_missing or snap.vectors_missing) and now - self._spans_checked >= SPAN_CHECK_SECONDS:
            self._spans_checked = now
            self.index.attach_new_chunk_vectors()
            load_new_span_vectors(self.index.home, snap)

    def _generate(self, question: ParsedQuestion, hits: Sequence[Hit], fallback: Answer) -> Answer:
        from assistant.generate import GenerativeAnswerer

        if self._generator is None:
            self._generator = GenerativeAnswerer(self.settings)
        history = list(question.history)
        return self._generator.answer(question.text, history, hits, fallback)  # type: ignore[attr-defined]


def ensure_index(
    settings: Settings,
    progress: bool = True,
    background_spans: bool = True,
    on_progress: ProgressFn | None = None,
) -> None:
    """Ingest the bundled corpus when the index in ``settings.home`` is empty (first start).

    For the long-running UI and API (``background_spans``) the first start indexes keywords first — read,
    Kiwi, BM25 and program cards — so answers work within minutes; the chunk vectors (open notices first)
    and then the span vectors that make answers better and faster follow in a low-priority background
    process, or come with a later ``giljabi ingest``. Without it (one-shot ``giljabi ask``) the chunk
    vectors are computed at once. ``on_progress(file name, done, total)`` follows the
    first start's files (``giljabi ui`` shows it in the app).
    """
    from ingest.catalog import load_catalog
    from ingest.pipeline import ingest_paths

    if not load_catalog(settings.home).entries:
        if not settings.corpus.exists():
            raise FileNotFoundError(f"문서 폴더가 없습니다: {settings.corpus}")
        ingest_paths(
            [settings.corpus],
            settings.home,
            settings.chroma_url,
            progress=progress,
            on_progress=on_progress,
            span_vectors=False,
            chunk_vectors=not background_spans,
        )
    if background_spans:
        from ingest.span_backfill import start_background

        if start_background(settings.home, settings.span_vectors) is not None and progress:
            print("검색 벡터를 백그라운드에서 계산합니다 (끝나면 답이 더 빨라지고 나아집니다).", flush=True)
