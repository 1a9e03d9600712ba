"""``giljabi programs [--status S] [--q WORDS] [--region R] [--ministry M] [--json]``: program cards at a
glance, filtered like ``GET /v1/programs``. ``--profile "창업 5년차 제조업 매출 12억 대구"`` lists instead the
programs that company may apply to (fits, then 확인 필요), like ``POST /v1/programs/match``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    import datetime as dt

    from ingest.cards import ProgramCard

STATUSES = ("upcoming", "open", "closing", "closed", "unknown")
STATUS_KO = {
    "upcoming": ("접수예정", "cyan"),
    "open": ("접수중", "green"),
    "closing": ("마감임박", "bold red"),
    "closed": ("마감", "dim"),
    "unknown": ("확인필요", "yellow"),
}


def _period(card: ProgramCard) -> str:
    if card.apply_period is not None:
        return card.apply_period.value
    return "추후 공지" if card.apply_tbd else "-"


def _limit(card: ProgramCard) -> str:
    if card.limit is not None:
        return card.limit.value
    return card.budget.value if card.budget is not None else "-"


def _contact(card: ProgramCard) -> str:
    return card.contacts[0].value if card.contacts else "-"


def _name(card: ProgramCard) -> str:
    name = card.program or card.title
    if card.amended_by:
        name += " [dim](수정공고 있음)[/]"
    elif card.amends:
        name += " [dim](수정공고)[/]"
    return name


def _table(title: str, cards: Sequence[ProgramCard], today: dt.date) -> object:
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_lines=False, expand=False)
    table.add_column("사업명", overflow="fold", max_width=44)
    table.add_column("상태", no_wrap=True)
    table.add_column("접수기간", overflow="fold", max_width=36)
    table.add_column("지원한도", overflow="fold", max_width=24)
    table.add_column("문의", overflow="fold", max_width=28)
    for card in cards:
        label, style = STATUS_KO[card.status(today)]
        table.add_row(_name(card), f"[{style}]{label}[/]", _period(card), _limit(card), _contact(card))
    return table


def programs_command(
    status: Annotated[
        str | None,
        typer.Option(
            "--status", help="상태로 거르기: upcoming(접수예정)|open(접수중)|closing(마감임박)|closed(마감)"
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON으로 출력합니다.")] = False,
    q: Annotated[str | None, typer.Option("--q", help="사업명·제목·공고번호에 들어 있는 낱말")] = None,
    region: Annotated[str | None, typer.Option("--region", help="시·도(그 지역 사업과 전국 사업)")] = None,
    ministry: Annotated[
        str | None, typer.Option("--ministry", help="공고 기관 또는 전담기관(중기부 …)")
    ] = None,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile", help='회사 정보("창업 5년차 제조업 매출 12억 대구"): 신청할 만한 사업을 보여줍니다'
        ),
    ] = None,
) -> None:
    from rich.console import Console

    from assistant.program_filters import listed
    from assistant.service import Assistant
    from assistant.settings import get_settings

    console = Console()
    if status is not None and status not in STATUSES:
        console.print(f"[red]알 수 없는 상태입니다: {status} (가능한 값: {', '.join(STATUSES)})[/]")
        raise typer.Exit(2)
    settings = get_settings()
    today = settings.effective_today()
    if profile is not None:
        _profile(console, settings, profile, as_json)
        return
    try:
        cards = Assistant.from_settings(settings).programs(status, q=q, region=region, ministry=ministry)
    except ValueError as exc:  # an unknown region, named in Korean
        console.print(f"[red]{exc}[/]")
        raise typer.Exit(2) from exc
    if as_json:
        print(json.dumps([listed(c, today) for c in cards], ensure_ascii=False, indent=2))
        return
    if not cards:
        console.print(
            "[yellow]조건에 맞는 지원사업 카드가 없습니다. 먼저 `giljabi ingest`로 문서를 색인해 주세요.[/]"
        )
        return
    closing = [c for c in cards if c.status(today) == "closing"]
    rest = [c for c in cards if c.status(today) != "closing"]
    console.print(f"[dim]기준일: {today.isoformat()} · 카드 {len(cards)}건[/]", highlight=False)
    if closing:
        console.print(_table(f"⏰ 마감임박 ({len(closing)}건, 7일 이내 마감)", closing, today))
    if rest:
        console.print(_table(f"지원사업 ({len(rest)}건)", rest, today))


VERDICT_STYLE = {"fits": "green", "check": "yellow", "excluded": "dim"}


def _profile(console: object, settings: object, text: str, as_json: bool) -> None:
    """The programs a company described in ``text`` may apply to: fits, then 확인 필요, each with its rule."""
    from rich.console import Console
    from rich.table import Table

    from assistant.company_profile import read_profile
    from assistant.profile_match import VERDICT_KO
    from assistant.service import Assistant

    assert isinstance(console, Console)
    assistant = Assistant.from_settings(settings)  # type: ignore[arg-type]
    today = assistant.settings.effective_today()
    company = read_profile(text, today)
    if not company.describe():
        console.print('[red]회사 정보를 읽지 못했습니다. 예: "창업 5년차 제조업 매출 12억 대구"[/]')
        raise typer.Exit(2)
    matches = assistant.match_profile(company)
    if as_json:
        rows = [
            {
                "doc_id": m.card.doc_id,
                "source": m.card.source,
                "program": m.card.program,
                "status": m.status,
                "verdict": m.verdict,
                "reason": m.deciding.text,
                "quote": m.deciding.quote,
            }
            for m in matches
        ]
        print(json.dumps({"profile": company.describe(), "programs": rows}, ensure_ascii=False, indent=2))
        return
    console.print(f"[dim]기준일: {today.isoformat()} · 회사: {company.describe()}[/]", highlight=False)
    table = Table(title=f"신청할 만한 지원사업 ({len(matches)}건)", title_justify="left")
    table.add_column("판정", no_wrap=True)
    table.add_column("사업명", overflow="fold", max_width=40)
    table.add_column("상태", no_wrap=True)
    table.add_column("근거", overflow="fold", max_width=60)
    for m in matches:
        label, style = STATUS_KO[m.status]
        verdict = f"[{VERDICT_STYLE[m.verdict]}]{VERDICT_KO[m.verdict]}[/]"
        quote = f" 「{' '.join(m.deciding.quote.split())}」" if m.deciding.quote else ""
        table.add_row(verdict, m.card.program, f"[{style}]{label}[/]", m.deciding.text + quote)
    console.print(table)
