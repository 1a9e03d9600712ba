"""``giljabi ask QUESTION [--json]``: answer one question with citations."""

from __future__ import annotations

import json
from typing import Annotated

import typer


def ask_command(
    question: Annotated[str, typer.Argument(help='질문 (예: "연고산업육성사업 마감이 언제예요?")')],
    as_json: Annotated[bool, typer.Option("--json", help="JSON으로 출력합니다.")] = False,
) -> None:
    from rich.console import Console

    from assistant.service import Assistant, ensure_index
    from assistant.settings import get_settings

    settings = get_settings()
    console = Console()
    if not question.strip():
        console.print("[red]질문을 입력해 주세요.[/]")
        raise typer.Exit(2)
    ensure_index(settings, progress=not as_json, background_spans=False)
    answer = Assistant.from_settings(settings).ask(question)
    if as_json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return
    style = {"answered": "green", "not_found": "yellow", "rejected": "red"}[answer.status]
    console.print(f"[{style}]●[/] {answer.text}", highlight=False)
    for c in answer.citations:
        console.print(f"[dim][{c.n}] {c.source} · {c.page}쪽 · {c.section or '-'}[/]", highlight=False)
    console.print(f"[dim]({answer.took_ms:.0f} ms)[/]")
