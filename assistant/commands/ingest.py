"""``giljabi ingest [PATH...] [--prune]``: index files with a progress bar and a per-file table."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

_STATUS_KO = {
    "indexed": "[green]색인됨[/]",
    "unchanged": "[dim]변경 없음[/]",
    "error": "[red]오류[/]",
    "removed": "[yellow]삭제됨[/]",
}


def ingest_command(
    paths: Annotated[list[Path] | None, typer.Argument(help="파일 또는 폴더 (기본: GILJABI_CORPUS)")] = None,
    prune: Annotated[bool, typer.Option("--prune", help="더 이상 없는 파일을 색인에서 뺍니다.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="표를 출력하지 않습니다.")] = False,
) -> None:
    from rich.console import Console
    from rich.table import Table

    from assistant.settings import get_settings
    from ingest.pipeline import ingest_paths

    settings = get_settings()
    console = Console()
    targets = paths or [settings.corpus]
    missing = [str(p) for p in targets if not p.exists()]
    if missing:
        console.print(f"[red]경로를 찾을 수 없습니다:[/] {', '.join(missing)}")
        raise typer.Exit(2)
    report = ingest_paths(
        targets,
        settings.home,
        settings.chroma_url,
        prune=prune,
        progress=not quiet,
        span_vectors=settings.span_vectors,
    )
    if not quiet:
        table = Table(title="색인 결과", show_lines=False)
        for col in ("파일", "형식", "쪽", "조각", "상태", "사유"):
            table.add_column(col, overflow="fold")
        for f in report.files:
            table.add_row(
                f.source,
                f.format or "-",
                str(f.pages),
                str(f.chunks),
                _STATUS_KO.get(f.status, f.status),
                f.error or "",
            )
        console.print(table)
    console.print(f"완료: {report.ok}개 색인, {report.failed}개 오류 (색인 위치: {settings.home})")
