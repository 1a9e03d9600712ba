"""``giljabi serve``: run the HTTP API with uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer


def serve_command(
    host: Annotated[str, typer.Option("--host", help="접속을 받을 주소")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="포트 번호")] = 8000,
) -> None:
    """Index the bundled corpus on first start, open the assistant once, then serve HTTP."""
    import uvicorn

    from assistant.api import create_app
    from assistant.service import Assistant, ensure_index
    from assistant.settings import get_settings

    settings = get_settings()
    ensure_index(settings, progress=True)
    assistant = Assistant.from_settings(settings)
    documents, chunks = assistant.stats()
    typer.echo(f"길잡이 API: 문서 {documents}개, 구절 {chunks}개 — http://{host}:{port}/docs")
    uvicorn.run(create_app(assistant, settings), host=host, port=port, log_level="info")
