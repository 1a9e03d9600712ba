"""GET /docs: the API reference offline (no CDN), built from /openapi.json."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from assistant.routes.api_docs import render_docs


def test_docs_page_is_self_contained(light_client: TestClient) -> None:
    r = light_client.get("/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert "<script" not in html and not re.search(r"(src|href)=\"https?://", html)  # nothing from a CDN
    assert 'href="/openapi.json"' in html
    for path in ("/v1/ask", "/v1/documents", "/v1/feedback", "/healthz"):
        assert f"<code>{path}</code>" in html
    assert "질문에 근거 인용과 함께 답하기" in html  # operation summaries
    assert "503" in html  # the feedback route documents its answers


def test_cdn_pages_are_gone_and_the_schema_stays(light_client: TestClient) -> None:
    assert light_client.get("/redoc").status_code == 404
    schema = light_client.get("/openapi.json").json()
    assert "/v1/ask" in schema["paths"] and "/docs" not in schema["paths"]
    rating = schema["components"]["schemas"]["FeedbackIn"]["properties"]["rating"]
    assert rating["enum"] == [1, -1]


def test_render_escapes_text() -> None:
    html = render_docs({"info": {"title": "<b>x</b>"}, "paths": {"/a": {"get": {"summary": "<script>"}}}})
    assert "<b>x</b>" not in html and "&lt;script&gt;" in html
