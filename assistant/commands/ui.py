"""``giljabi ui``: run the Streamlit app (``ui/app.py``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

APP_PATH = Path(__file__).resolve().parents[2] / "ui" / "app.py"


def streamlit_args(port: int, host: str, max_upload_mb: int = 20) -> list[str]:
    """The command line that starts the app headless on ``host:port``; the upload widget states the
    server's own upload limit (``GILJABI_MAX_UPLOAD_MB``), not Streamlit's 200 MB."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_PATH),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        host,
        "--server.maxUploadSize",
        str(max_upload_mb),
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "minimal",
    ]


def ui_command(
    port: Annotated[int, typer.Option("--port", help="포트 번호")] = 8501,
    host: Annotated[str, typer.Option("--host", help="접속을 받을 주소")] = "127.0.0.1",
) -> None:
    """Index the bundled corpus on first start (unless the UI talks to a running API), then run Streamlit."""
    from assistant.settings import get_settings

    settings = get_settings()
    if not settings.api_url:
        from assistant.service import ensure_index

        ensure_index(settings, progress=True)
    typer.echo(f"길잡이 화면: http://{host}:{port}")
    code = subprocess.call(streamlit_args(port, host, settings.max_upload_mb))
    raise typer.Exit(code)
