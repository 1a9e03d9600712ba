"""``giljabi ui``: run the Streamlit app (``ui/app.py``).

On a first start (empty index) the app is started at once and the bundled corpus is indexed in this
process meanwhile: the terminal shows a progress bar and the app a progress page (``assistant.index_progress``)
that turns into the chat when the index is ready. Later starts only open the index.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.commands.streamlit_options import OptionError, as_arguments, parse_options

if TYPE_CHECKING:
    from assistant.settings import Settings

APP_PATH = Path(__file__).resolve().parents[2] / "ui" / "app.py"
DEFAULT_PORT = 8501
DEFAULT_HOST = "127.0.0.1"


def streamlit_args(
    port: int,
    host: str,
    max_upload_mb: int = 20,
    extra: Mapping[str, Sequence[str]] | None = None,
) -> list[str]:
    """The command line that starts the app headless on ``host:port``; the upload widget states the
    server's own upload limit (``GILJABI_MAX_UPLOAD_MB``), not Streamlit's 200 MB. ``extra`` holds
    Streamlit settings given on the command line; they replace these defaults."""
    settings: dict[str, list[str]] = {
        "server.headless": ["true"],
        "server.port": [str(port)],
        "server.address": [host],
        "server.maxUploadSize": [str(max_upload_mb)],
        "browser.gatherUsageStats": ["false"],
        "client.toolbarMode": ["minimal"],
    }
    settings.update({key: list(values) for key, values in (extra or {}).items()})
    return [sys.executable, "-m", "streamlit", "run", str(APP_PATH), *as_arguments(settings)]


def ui_command(
    ctx: typer.Context,
    port: Annotated[str | None, typer.Option("--port", help="포트 번호 (= --server.port)")] = None,
    host: Annotated[str | None, typer.Option("--host", help="접속을 받을 주소 (= --server.address)")] = None,
) -> None:
    """Index the bundled corpus on first start (unless the UI talks to a running API), then run Streamlit.

    Streamlit's own settings (``--server.port 8600``, ``--theme.base dark`` …) are passed through."""
    from assistant.settings import get_settings

    given = [*(["--port", port] if port is not None else []), *(["--host", host] if host is not None else [])]
    try:
        extra = parse_options([*given, *ctx.args])
    except OptionError as exc:
        typer.echo(f"오류: {exc.reason}", err=True)
        raise typer.Exit(2) from None
    settings = get_settings()
    args = streamlit_args(DEFAULT_PORT, DEFAULT_HOST, settings.max_upload_mb, extra)
    shown_host = args[args.index("--server.address") + 1]
    shown_port = args[args.index("--server.port") + 1]
    typer.echo(f"길잡이 화면: http://{shown_host}:{shown_port}")
    if settings.api_url:
        raise typer.Exit(subprocess.call(args))
    raise typer.Exit(_run_with_index(settings, args))


def _run_with_index(settings: Settings, args: list[str]) -> int:
    """Start the app, index the corpus meanwhile when the index is empty, then wait for the app."""
    from assistant.index_progress import ProgressWriter, clear_progress
    from ingest.catalog import load_catalog
    from ingest.pipeline import collect_files

    writer: ProgressWriter | None = None
    if not load_catalog(settings.home).entries:
        writer = ProgressWriter(settings.home)
        total = len(collect_files([settings.corpus])) if settings.corpus.is_dir() else 0
        writer.start(total)  # before the app can look
        typer.echo("처음 실행입니다: 동봉 문서를 색인합니다. 화면에서도 진행 상황을 볼 수 있습니다.")
    else:
        clear_progress(settings.home)
    app = subprocess.Popen(args)
    signal.signal(signal.SIGTERM, _exit_on_term)  # so that `finally` stops the app too
    try:
        from assistant.service import ensure_index  # slow to import: after the app has started

        try:
            ensure_index(settings, progress=True, on_progress=writer)
        except Exception as exc:  # entry point: the app shows the reason and keeps running
            reason = f"색인하지 못했습니다: {exc}"
            if writer is not None:
                writer.fail(reason)
            typer.echo(f"오류: {reason} (끝내려면 Ctrl+C)", err=True)
        else:
            if writer is not None:
                writer.finish()
                typer.echo("색인을 마쳤습니다. 화면이 상담 탭으로 바뀝니다.")
        return app.wait()
    finally:
        if app.poll() is None:
            app.terminate()
            app.wait()


def _exit_on_term(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)
