"""POST /v1/programs/match and the chat's profile answers, with TestClient over the shared real index
(seeds + a few real notices; tests/conftest.py)."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_match_from_text_ranks_with_verbatim_reasons(client: TestClient, assistant) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/v1/programs/match", json={"text": "창업 5년차 제조업, 매출 12억, 서울"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["profile"]["age_years"] == 5 and body["profile"]["regions"] == ["서울"]
    programs = body["programs"]
    assert programs and all(p["verdict"] in ("fits", "check") for p in programs)
    order = [("fits", "check").index(p["verdict"]) for p in programs]
    assert order == sorted(order)
    for p in programs:
        for reason in p["reasons"]:
            if reason["quote"]:
                text = assistant.document_text(p["doc_id"])
                assert text[reason["start"] : reason["end"]] == reason["quote"]


def test_structured_fields_win_and_excluded_on_request(client: TestClient) -> None:
    every = client.post(
        "/v1/programs/match", json={"text": "업력 3년", "age_years": 40, "include_excluded": True}
    ).json()
    assert every["profile"]["age_years"] == 40
    listed = client.post("/v1/programs/match", json={"age_years": 40}).json()["programs"]
    excluded = [p for p in every["programs"] if p["verdict"] == "excluded"]
    assert {p["doc_id"] for p in excluded}.isdisjoint({p["doc_id"] for p in listed})


def test_bad_profiles_get_korean_422(client: TestClient) -> None:
    empty = client.post("/v1/programs/match", json={})
    assert empty.status_code == 422 and "회사 정보" in empty.json()["detail"]
    negative = client.post("/v1/programs/match", json={"age_years": -1})
    assert negative.status_code == 422 and "업력" in negative.json()["detail"][0]["msg"]
    region = client.post("/v1/programs/match", json={"region": "아틀란티스"})
    assert region.status_code == 422 and "지역" in region.json()["detail"][0]["msg"]


def test_chat_profile_question_lists_programs(client: TestClient) -> None:
    body = client.post(
        "/v1/ask", json={"question": "창업 5년차 제조업체인데 받을 수 있는 지원사업 추천해 주세요"}
    ).json()
    assert body["intent"] == "programs" and body["facts"]["scope"] == "profile"
    assert body["status"] == "answered" and body["citations"]


def test_chat_question_naming_a_program_keeps_the_program_path(client: TestClient) -> None:
    body = client.post(
        "/v1/ask", json={"question": "업력 12년인데 중소기업 연구인력지원사업 신청 가능해요?"}
    ).json()
    assert body["facts"].get("scope") != "profile"
    assert body["program"] and "연구인력" in body["program"]
