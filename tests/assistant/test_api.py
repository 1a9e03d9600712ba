"""The HTTP API against a real index (real readers, Kiwi, embeddings, Chroma) through TestClient."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.feedback import FeedbackStore
from assistant.service import Assistant
from assistant.settings import Settings

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
TIPS = "2025년_팁스_창업기업_지원계획_수정_공_101298852483808541.hwpx"  # in tests/conftest.py SAMPLE_REAL
DRM = "2025년_산업기술국제협력사업_양자-스위스_공고_접수_및_안내.pdf"  # refused: DRM container
SEEDS = sorted((CORPUS / "seeds").glob("*.txt"))
ADMIN_TOKEN = "test-admin-token"
HANGUL = re.compile(r"[가-힣]")
DEADLINE_Q = "시군구연고산업육성사업 접수 마감이 언제예요?"


def korean_422(response: Any, loc_tail: str | int | None = None) -> str:
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, list) and detail
    for item in detail:
        assert set(item) == {"loc", "msg", "type"}
        assert HANGUL.search(item["msg"]), item
    if loc_tail is not None:
        assert any(item["loc"][-1] == loc_tail for item in detail), detail
    return " ".join(item["msg"] for item in detail)


# ---------------------------------------------------------------- health, ask


def test_healthz_counts_the_index(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok"
    records = client.get("/v1/documents").json()["documents"]
    assert body["documents"] == sum(1 for d in records if d["status"] == "indexed") >= 5
    assert body["chunks"] > body["documents"]
    assert re.fullmatch(r"[0-9a-f]{32}", r.headers["x-request-id"])
    assert float(r.headers["x-process-time-ms"]) >= 0


def test_request_id_is_echoed(client: TestClient) -> None:
    r = client.get("/healthz", headers={"X-Request-ID": "call-1357-42"})
    assert r.headers["x-request-id"] == "call-1357-42"


def test_ask_answers_with_verbatim_citations(client: TestClient, api_settings: Settings) -> None:
    r = client.post("/v1/ask", json={"question": DEADLINE_Q})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "answered"
    assert body["intent"] == "deadline"
    assert "시군구연고산업" in body["program"]
    assert "12월 27일" in body["answer"]
    assert body["took_ms"] > 0
    assert body["citations"]
    corpus_names = {p.name for p in api_settings.corpus.iterdir()}
    for n, c in enumerate(body["citations"], start=1):
        assert c["n"] == n
        assert c["source"] in corpus_names
        text = client.get(f"/v1/documents/{c['doc_id']}/text").json()["text"]
        assert text[c["start"] : c["end"]] == c["quote"]


def test_ask_follow_up_uses_history(client: TestClient) -> None:
    first = client.post("/v1/ask", json={"question": DEADLINE_Q}).json()
    history = [
        {"role": "user", "content": DEADLINE_Q},
        {"role": "assistant", "content": first["answer"]},
    ]
    r = client.post("/v1/ask", json={"question": "그럼 지원 대상은 누구예요?", "history": history})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["program"] == first["program"]
    assert body["status"] == "answered"
    assert {c["source"] for c in body["citations"]} == {first["citations"][0]["source"]}


def test_ask_off_topic_is_refused_politely(client: TestClient) -> None:
    body = client.post("/v1/ask", json={"question": "오늘 저녁 메뉴 추천해 줘"}).json()
    assert body["status"] in ("rejected", "not_found")
    assert body["citations"] == []
    assert HANGUL.search(body["answer"])


@pytest.mark.parametrize(
    ("payload", "loc_tail", "needle"),
    [
        ({"question": ""}, "question", "질문을 입력"),
        ({"question": "   \n\t "}, "question", "공백"),
        ({"question": "가" * 1001}, "question", "1000자"),
        ({}, "question", "빠졌"),
        ({"question": "마감은?", "history": [{"role": "bot", "content": "x"}]}, "role", "user"),
        ({"question": "마감은?", "history": [{"role": "user", "content": "가"}] * 21}, "history", "20개"),
        ({"question": "마감은?", "history": [{"role": "user", "content": "가" * 2001}]}, "content", "2000자"),
        ({"question": "마감은?", "history": [{"role": "user"}]}, "content", "content"),
        ({"question": 123}, "question", "문자열"),
    ],
)
def test_ask_rejects_bad_input_in_korean(
    client: TestClient, payload: dict, loc_tail: str, needle: str
) -> None:
    msg = korean_422(client.post("/v1/ask", json=payload), loc_tail)
    assert needle in msg


def test_ask_rejects_malformed_json_in_korean(client: TestClient) -> None:
    r = client.post(
        "/v1/ask", content='{"question": "마감'.encode(), headers={"Content-Type": "application/json"}
    )
    assert "JSON" in korean_422(r)


def test_ask_rejects_non_object_and_empty_body(client: TestClient) -> None:
    assert "객체" in korean_422(client.post("/v1/ask", json=["마감"]))
    assert "비어" in korean_422(client.post("/v1/ask"))


def test_ask_accepts_limits_exactly(client: TestClient) -> None:
    history = [{"role": "user" if i % 2 == 0 else "assistant", "content": "가" * 2000} for i in range(20)]
    r = client.post("/v1/ask", json={"question": "팁스 " + "가" * 995, "history": history})
    assert r.status_code == 200, r.text


# ---------------------------------------------------------------- search


def test_search_returns_passages(client: TestClient) -> None:
    r = client.get("/v1/search", params={"q": "팁스 지원한도", "k": 3})
    assert r.status_code == 200
    hits = r.json()["hits"]
    assert 1 <= len(hits) <= 3
    assert "팁스" in hits[0]["title"]
    for hit in hits:
        assert hit["text"] and hit["title"] and hit["page"] >= 1
        assert {"doc_id", "source", "title", "page", "section", "text", "score"} <= set(hit)
    assert [h["rank"] for h in hits] == sorted(h["rank"] for h in hits)


@pytest.mark.parametrize(
    ("params", "loc_tail", "needle"),
    [
        ({}, "q", "검색어"),
        ({"q": "  "}, "q", "검색어"),
        ({"q": "팁스", "k": 0}, "k", "1 이상"),
        ({"q": "팁스", "k": 21}, "k", "20 이하"),
        ({"q": "팁스", "k": "다섯"}, "k", "정수"),
    ],
)
def test_search_rejects_bad_query_in_korean(
    client: TestClient, params: dict, loc_tail: str, needle: str
) -> None:
    assert needle in korean_422(client.get("/v1/search", params=params), loc_tail)


# ---------------------------------------------------------------- documents, programs


def test_documents_list_indexed_and_refused_files(client: TestClient, sample_corpus: Path) -> None:
    docs = client.get("/v1/documents").json()["documents"]
    assert {d["source"] for d in docs} == {p.name for p in sample_corpus.iterdir()}
    assert {d["source"] for d in docs} >= {p.name for p in SEEDS} | {TIPS, DRM}
    refused = next(d for d in docs if d["source"] == DRM)
    assert refused["status"] == "error" and HANGUL.search(refused["error"]) and refused["chunks"] == 0
    tips = next(d for d in docs if d["source"] == TIPS)
    assert (
        tips["status"] == "indexed" and tips["format"] == "hwpx" and tips["chunks"] > 0 and tips["pages"] > 1
    )


def test_document_text_and_unknown_document(client: TestClient) -> None:
    docs = client.get("/v1/documents").json()["documents"]
    tips = next(d for d in docs if d["source"] == TIPS)
    r = client.get(f"/v1/documents/{tips['doc_id']}/text")
    assert r.status_code == 200
    assert r.json()["source"] == TIPS and "팁스" in r.json()["text"]
    r = client.get("/v1/documents/없는문서/text")
    assert r.status_code == 404 and "찾을 수 없습니다" in r.json()["detail"]


def test_programs_cards_and_status_filter(client: TestClient) -> None:
    body = client.get("/v1/programs").json()
    assert body["today"] == "2026-11-22"
    names = [p["program"] for p in body["programs"]]
    assert any("시군구연고산업" in n for n in names) and any("팁스" in n for n in names)
    closed = client.get("/v1/programs", params={"status": "closed"}).json()["programs"]
    assert closed and all(p["status"] == "closed" for p in closed)
    seed = next(p for p in closed if "시군구연고산업" in p["program"])
    assert seed["apply_end"].startswith("2024-12-27")
    one = client.get(f"/v1/programs/{seed['doc_id']}")
    assert one.status_code == 200 and one.json()["program"] == seed["program"]
    assert client.get("/v1/programs/없는문서").status_code == 404
    assert "open" in korean_422(client.get("/v1/programs", params={"status": "soon"}), "status")


def test_programs_filters_status_text_region_ministry(client: TestClient) -> None:
    every = client.get("/v1/programs").json()["programs"]
    assert every and all("regions" in p and "region_source" in p and "kinds" in p for p in every)
    # the 연고산업 seed is for 제주 and 세종, read from its title; the others name no region (nationwide)
    seed = next(p for p in every if "시군구연고산업" in p["program"])
    assert set(seed["regions"]) == {"제주", "세종"} and seed["region_source"] == "title"
    nationwide = [p for p in every if not p["regions"]]
    assert nationwide
    jeju = client.get("/v1/programs", params={"region": "제주특별자치도"}).json()["programs"]
    assert {p["doc_id"] for p in jeju} == {p["doc_id"] for p in nationwide} | {seed["doc_id"]}
    gyeonggi = client.get("/v1/programs", params={"region": "경기"}).json()["programs"]
    assert {p["doc_id"] for p in gyeonggi} == {p["doc_id"] for p in nationwide}
    # text: every word in the name, title, notice number or file name; an alias counts ("팁스" → TIPS)
    tips = client.get("/v1/programs", params={"q": "팁스 창업기업"}).json()["programs"]
    assert tips and all("팁스" in p["program"] and "창업기업" in p["program"] for p in tips)
    assert client.get("/v1/programs", params={"q": "없는사업이름"}).json()["programs"] == []
    # ministry: the issuing body or the agency, by name or short name
    mss = client.get("/v1/programs", params={"ministry": "중기부"}).json()["programs"]
    assert mss and all(
        "중소벤처기업부" in ((p["ministry"] or {}).get("value", "") + (p["agency"] or {}).get("value", ""))
        for p in mss
    )
    assert client.get("/v1/programs", params={"ministry": "산림청"}).json()["programs"] == []
    # status "unknown": notices without a window (상시 접수 ones among them)
    unknown = client.get("/v1/programs", params={"status": "unknown"}).json()["programs"]
    assert unknown and all(p["status"] == "unknown" for p in unknown)
    # filters combine
    both = client.get(
        "/v1/programs", params={"status": "closed", "ministry": "중소벤처기업부", "q": "연고산업"}
    )
    assert [p["doc_id"] for p in both.json()["programs"]] == [seed["doc_id"]]
    assert "지역" in korean_422(client.get("/v1/programs", params={"region": "화성"}), "region")


def test_unknown_route_is_korean(client: TestClient) -> None:
    r = client.get("/v1/nothing-here")
    assert r.status_code == 404 and HANGUL.search(r.json()["detail"])
    assert client.get("/docs").status_code == 200
    assert "/v1/ask" in client.get("/openapi.json").json()["paths"]


# ---------------------------------------------------------------- feedback


def test_feedback_is_stored(client: TestClient, settings: Settings) -> None:
    r = client.post(
        "/v1/feedback",
        json={
            "question": DEADLINE_Q,
            "answer": "12월 27일 18:00",
            "rating": -1,
            "comment": "시간도 알려주세요",
        },
    )
    assert r.status_code == 201, r.text
    row = FeedbackStore.in_home(settings.home).get(r.json()["id"])
    assert row is not None
    assert (row.question, row.answer, row.rating, row.comment) == (
        DEADLINE_Q,
        "12월 27일 18:00",
        -1,
        "시간도 알려주세요",
    )


@pytest.mark.parametrize(
    ("payload", "loc_tail", "needle"),
    [
        ({"question": "q", "answer": "a", "rating": 5}, "rating", "1(좋아요)"),
        ({"question": "q", "answer": "a"}, "rating", "빠졌"),
        ({"question": "q", "rating": 1}, "answer", "빠졌"),
        ({"question": " ", "answer": "a", "rating": 1}, "question", "질문을 입력"),
    ],
)
def test_feedback_rejects_bad_input_in_korean(
    client: TestClient, payload: dict, loc_tail: str, needle: str
) -> None:
    assert needle in korean_422(client.post("/v1/feedback", json=payload), loc_tail)


# ---------------------------------------------------------------- uploads (on a private copy of the index)


@pytest.fixture(scope="module")
def upload_client(writable_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(Assistant.from_settings(writable_settings))) as c:
        yield c


AUTH = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
# A real press release, with a line added so its bytes (and doc_id) differ from the indexed original.
SEED_TEXT = SEEDS[3].read_text(encoding="utf-8") + "\n※ 업로드 시험본\n"


def test_upload_needs_the_admin_token(upload_client: TestClient) -> None:
    files = {"file": ("공고.txt", SEED_TEXT.encode())}
    r = upload_client.post("/v1/documents", files=files)
    assert r.status_code == 401 and "토큰" in r.json()["detail"]
    assert r.headers["www-authenticate"] == "Bearer"
    r = upload_client.post("/v1/documents", files=files, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401
    r = upload_client.post("/v1/documents", files=files, headers={"Authorization": ADMIN_TOKEN})
    assert r.status_code == 401


def test_upload_refused_when_no_token_is_configured(assistant: Assistant, api_settings: Settings) -> None:
    no_token = api_settings.model_copy(update={"admin_token": None})
    with TestClient(create_app(assistant, no_token)) as c:
        r = c.post(
            "/v1/documents", files={"file": ("a.txt", b"x")}, headers={"Authorization": "Bearer anything"}
        )
    assert r.status_code == 403 and "업로드가 꺼져" in r.json()["detail"]


def test_upload_too_large(upload_client: TestClient, writable_settings: Settings) -> None:
    before = sorted(p.name for p in writable_settings.corpus.iterdir())
    big = b"\xea\xb0\x80" * (400 * 1024)  # 1.2 MB of "가" > 1 MB limit
    r = upload_client.post("/v1/documents", files={"file": ("큰파일.txt", big)}, headers=AUTH)
    assert r.status_code == 413 and "1MB" in r.json()["detail"]
    assert sorted(p.name for p in writable_settings.corpus.iterdir()) == before


def test_upload_missing_file_field(upload_client: TestClient) -> None:
    r = upload_client.post("/v1/documents", data={"note": "x"}, headers=AUTH)
    assert "파일" in korean_422(r, "file")


def test_upload_sanitises_the_name_and_indexes(
    upload_client: TestClient, writable_settings: Settings
) -> None:
    r = upload_client.post(
        "/v1/documents",
        files={"file": ("../../etc/.숨은 지역혁신/선도기업 안내.txt", SEED_TEXT.encode())},
        headers=AUTH,
    )
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["source"] == "선도기업 안내.txt"
    assert report["status"] in ("indexed", "unchanged") and report["format"] == "txt"
    assert (writable_settings.corpus / "선도기업 안내.txt").read_text(encoding="utf-8") == SEED_TEXT
    assert not list(writable_settings.corpus.glob(".upload-*"))
    assert not (writable_settings.corpus.parent / "etc").exists()
    docs = upload_client.get("/v1/documents").json()["documents"]
    assert any(d["source"] == "선도기업 안내.txt" and d["status"] == "indexed" for d in docs)


def test_upload_new_version_replaces_the_old(upload_client: TestClient) -> None:
    v1 = "2026년 길잡이시험사업 공고\n□ 지원한도: 최대 3천만원\n□ 문의처: 044-000-1111\n"
    v2 = "2026년 길잡이시험사업 수정 공고\n□ 지원한도: 최대 7천만원\n□ 문의처: 044-000-2222\n"
    first = upload_client.post(
        "/v1/documents", files={"file": ("길잡이시험.txt", v1.encode())}, headers=AUTH
    ).json()
    taken = upload_client.post("/v1/documents", files={"file": ("길잡이시험.txt", v2.encode())}, headers=AUTH)
    assert taken.status_code == 409 and "같은 이름" in taken.json()["detail"]
    second = upload_client.post(
        "/v1/documents",
        files={"file": ("길잡이시험.txt", v2.encode())},
        data={"replace": "true"},
        headers=AUTH,
    ).json()
    assert second["replaced"] is True
    assert first["status"] == second["status"] == "indexed"
    assert first["doc_id"] != second["doc_id"]
    docs = [
        d for d in upload_client.get("/v1/documents").json()["documents"] if d["source"] == "길잡이시험.txt"
    ]
    assert [d["doc_id"] for d in docs] == [second["doc_id"]]
    hits = upload_client.get("/v1/search", params={"q": "길잡이시험사업 지원한도", "k": 5}).json()["hits"]
    mine = [h for h in hits if h["source"] == "길잡이시험.txt"]
    assert mine and all(h["doc_id"] == second["doc_id"] for h in mine)
    assert any("7천만원" in h["text"] for h in mine)


def test_upload_unreadable_file_gets_a_report(upload_client: TestClient) -> None:
    drm = (CORPUS / "real" / DRM).read_bytes()
    r = upload_client.post("/v1/documents", files={"file": ("보안문서.pdf", drm)}, headers=AUTH)
    assert r.status_code == 422
    report = r.json()
    assert report["source"] == "보안문서.pdf" and report["status"] == "error"
    assert "DRM" in report["error"] and report["chunks"] == 0
    docs = upload_client.get("/v1/documents").json()["documents"]
    assert any(d["source"] == "보안문서.pdf" and d["status"] == "error" for d in docs)
