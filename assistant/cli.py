"""The ``giljabi`` console script. Thin: every command delegates to a module that owns the job.

Command modules must stay cheap to import (heavy imports inside the function bodies), so that
``giljabi --help`` and ``giljabi ask`` start quickly.
"""

from __future__ import annotations

import typer

from assistant.commands.ask import ask_command
from assistant.commands.ingest import ingest_command
from assistant.commands.programs import programs_command
from assistant.commands.serve import serve_command
from assistant.commands.ui import ui_command
from evals.cli import eval_command

app = typer.Typer(
    name="giljabi",
    help="길잡이 — 중소기업 지원사업 문서에 근거해 인용과 함께 답합니다.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("ingest", help="문서를 읽어 색인합니다 (기본: GILJABI_CORPUS 폴더).")(ingest_command)
app.command("ask", help="질문에 근거 인용과 함께 답합니다.")(ask_command)
app.command("serve", help="HTTP API(FastAPI)를 실행합니다.")(serve_command)
app.command(
    "ui",
    help="Streamlit 채팅 화면을 실행합니다 (Streamlit 설정 --server.port 8600 등도 받습니다).",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
)(ui_command)
app.command("eval", help="평가 데이터셋으로 답변 품질을 측정합니다.")(eval_command)
app.command("programs", help="지원사업 카드(접수기간·지원한도·문의처)를 보여줍니다.")(programs_command)


if __name__ == "__main__":
    app()
