"""Request budgets of the HTTP models (assistant/api_models.py), through the API without an index."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from assistant.api_models import MAX_QUESTION, MAX_TURN_CHARS, MAX_TURNS
from assistant.body_limit import JSON_BODY_LIMIT

HANGUL = re.compile(r"[가-힣]")


def _asked(client: TestClient) -> list[str]:
    return client.app.state.giljabi.assistant().asked  # type: ignore[attr-defined, no-any-return]


@pytest.mark.parametrize("question", ["1" * MAX_QUESTION, "???", "2025. 12. 27.", "★★★ !!!"])
def test_question_without_letters_is_refused(light_client: TestClient, question: str) -> None:
    r = light_client.post("/v1/ask", json={"question": question})
    assert r.status_code == 422, r.text
    detail = r.json()["detail"][0]
    assert detail["loc"][-1] == "question" and "글자가 없습니다" in detail["msg"]
    assert _asked(light_client) == []


def test_search_without_letters_is_refused(light_client: TestClient) -> None:
    r = light_client.get("/v1/search", params={"q": "1" * 500})
    assert r.status_code == 422 and "글자가 없습니다" in r.json()["detail"][0]["msg"]


@pytest.mark.parametrize("question", ["1357 번호는 어디예요?", "R&D 마감?", "TIPS"])
def test_questions_with_letters_reach_the_assistant(light_client: TestClient, question: str) -> None:
    r = light_client.post("/v1/ask", json={"question": question})
    assert r.status_code == 200, r.text
    assert _asked(light_client) == [question]


def test_over_long_question_is_refused_in_korean(light_client: TestClient) -> None:
    r = light_client.post("/v1/ask", json={"question": "가" * (MAX_QUESTION + 1)})
    assert r.status_code == 422 and f"{MAX_QUESTION}자" in r.json()["detail"][0]["msg"]


def test_largest_valid_ask_fits_under_the_body_limit(light_client: TestClient) -> None:
    history = [
        {"role": "user" if i % 2 == 0 else "assistant", "content": "가" * MAX_TURN_CHARS}
        for i in range(MAX_TURNS)
    ]
    body = json.dumps({"question": "팁스 " + "가" * (MAX_QUESTION - 3), "history": history}).encode()
    assert len(body) < JSON_BODY_LIMIT  # every Hangul character escaped as \\uXXXX
    r = light_client.post("/v1/ask", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 200, r.text
    too_many = json.dumps({"question": "마감은?", "history": history + history[:1]}).encode()
    r = light_client.post("/v1/ask", content=too_many, headers={"content-type": "application/json"})
    assert r.status_code == 422 and f"{MAX_TURNS}개" in r.json()["detail"][0]["msg"]
