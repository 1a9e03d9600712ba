"""GET /docs: the API reference as one self-contained HTML page, built from /openapi.json.

FastAPI's Swagger UI and ReDoc pages load their JavaScript from a CDN, so they are blank offline, and
no installed package ships the swagger-ui or ReDoc assets (checked: no swagger-ui-bundle.js or
redoc.standalone.js in the environment). This page needs nothing but the server: every operation
with its summary, parameters and answers, and a link to the machine-readable /openapi.json.
"""

from __future__ import annotations

from html import escape
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

_METHODS = ("get", "post", "put", "patch", "delete")
_STYLE = (
    "body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
    "code{background:#f3f3f3;padding:0 .25rem}section{border-top:1px solid #ddd;padding:.5rem 0}"
    ".m{font-weight:bold;text-transform:uppercase;margin-right:.5rem}"
)


def _operation(path: str, method: str, op: dict[str, Any]) -> str:
    params = [
        f"<li><code>{escape(p.get('name', ''))}</code> ({escape(p.get('in', ''))})"
        f"{' — ' + escape(p['description']) if p.get('description') else ''}</li>"
        for p in op.get("parameters", [])
    ]
    body = op.get("requestBody", {}).get("content", {})
    answers = [
        f"<li><code>{escape(code)}</code> {escape(answer.get('description', ''))}</li>"
        for code, answer in op.get("responses", {}).items()
    ]
    parts = [
        f'<section><p><span class="m">{method}</span><code>{escape(path)}</code> '
        f"{escape(op.get('summary', ''))}</p>"
    ]
    if params:
        parts.append(f"<p>매개변수</p><ul>{''.join(params)}</ul>")
    if body:
        parts.append(f"<p>요청 본문: {escape(', '.join(body))}</p>")
    parts.append(f"<p>응답</p><ul>{''.join(answers)}</ul></section>")
    return "".join(parts)


def render_docs(schema: dict[str, Any]) -> str:
    """The HTML page for an OpenAPI ``schema`` (every text escaped)."""
    info = schema.get("info", {})
    operations = [
        _operation(path, method, item[method])
        for path, item in schema.get("paths", {}).items()
        for method in _METHODS
        if method in item
    ]
    return (
        '<!doctype html><html lang="ko"><head><meta charset="utf-8">'
        f"<title>{escape(info.get('title', 'API'))}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{escape(info.get('title', 'API'))} <small>{escape(info.get('version', ''))}</small></h1>"
        f"<p>{escape(info.get('summary', ''))}</p>"
        '<p>전체 명세(요청·응답 스키마): <a href="/openapi.json">/openapi.json</a></p>'
        f"{''.join(operations)}</body></html>"
    )


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    return HTMLResponse(render_docs(request.app.openapi()))
