"""``giljabi eval``: run or check evaluation datasets. Cheap to import: heavy imports live inside.

Exit codes: 0 ok; 1 dataset check failed (``--check``) or the pipeline is broken (exceptions, no
answer at all, non-verbatim quotes); 2 usage errors (missing files, bad options, no index).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _fail(message: str, code: int) -> typer.Exit:
    typer.secho(message, fg=typer.colors.RED, err=True)
    return typer.Exit(code)


def _run_check(datasets: list[Path], add_docs: list[Path]) -> int:
    from assistant.settings import get_settings
    from evals.check import CorpusIndex, check_datasets, corpus_files
    from evals.overlay import OverlayError, added_files

    settings = get_settings()
    try:
        extra = added_files(add_docs) if add_docs else []
    except OverlayError as exc:
        raise _fail(str(exc), EXIT_USAGE) from exc
    by_name: dict[str, Path] = {}
    for path in corpus_files(settings.corpus) + extra:
        by_name.setdefault(path.name, path)  # the same file in the corpus and an added folder
    files = list(by_name.values())
    if not files:
        raise _fail(f"코퍼스 폴더에 파일이 없습니다: {settings.corpus} (GILJABI_CORPUS 확인)", EXIT_USAGE)
    count, problems = check_datasets(datasets, CorpusIndex(files))
    for problem in problems:
        typer.secho(str(problem), fg=typer.colors.RED)
    if problems:
        typer.echo(f"문항 {count}개 중 문제 {len(problems)}건")
        return EXIT_FAILED
    typer.secho(f"문항 {count}개 모두 이상 없습니다.", fg=typer.colors.GREEN)
    return EXIT_OK


def _print_table(summary: dict, comparison: dict | None) -> None:
    from rich.console import Console
    from rich.table import Table

    from evals.report import HEADLINES, TYPE_LABELS, format_metric

    console = Console()
    deltas = {d.key: d for d in comparison["overall"]} if comparison else {}
    table = Table(title="길잡이 평가 결과")
    table.add_column("지표")
    table.add_column("값", justify="right")
    if comparison:
        table.add_column("변화", justify="right")
    overall = summary["overall"]
    for key, label in (*HEADLINES, ("latency_p50_ms", "지연 p50"), ("latency_p95_ms", "지연 p95")):
        row = [label, format_metric(key, overall.get(key))]
        if comparison:
            d = deltas.get(key)
            if d is None or d.change is None:
                row.append("")
            else:
                text = f"{d.change:+.1f}{' ms' if d.unit == 'ms' else 'p'}"
                row.append(f"[bold red]{text} 회귀[/]" if d.regression else text)
        table.add_row(*row)
    console.print(table)
    types = Table(title="유형별")
    for col in ("유형", "문항", "정답률", "인용 문서", "hit@5"):
        types.add_column(col, justify="left" if col == "유형" else "right")
    for qtype, group in summary["by_type"].items():
        types.add_row(
            TYPE_LABELS.get(qtype, qtype),
            str(group["n"]),
            format_metric("accuracy", group["accuracy"]),
            format_metric("cited_doc_accuracy", group["cited_doc_accuracy"]),
            format_metric("hit_at_5", group["hit_at_5"]),
        )
    if summary.get("faq"):
        faq = summary["faq"]
        types.add_row(
            "(FAQ형 예외 질문)",
            str(faq["n"]),
            format_metric("accuracy", faq["accuracy"]),
            format_metric("cited_doc_accuracy", faq["cited_doc_accuracy"]),
            format_metric("hit_at_5", faq["hit_at_5"]),
        )
    console.print(types)
    if comparison:
        for d in comparison["by_type"]:
            if d.regression:
                console.print(f"[bold red]유형 {d.key} 정답률 {d.change:+.1f}p 회귀[/]")


def eval_command(
    datasets: Annotated[list[Path], typer.Argument(help="평가 데이터셋(JSONL) 파일", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="기계가 읽을 요약(JSON)을 출력합니다.")] = False,
    report: Annotated[Path | None, typer.Option("--report", help="HTML 보고서를 쓸 파일")] = None,
    url: Annotated[
        str | None, typer.Option("--url", help="실행 중인 API 주소(없으면 내장 도우미 사용)")
    ] = None,
    compare: Annotated[
        Path | None, typer.Option("--compare", help="비교할 이전 결과(--save로 만든 JSON)")
    ] = None,
    check: Annotated[bool, typer.Option("--check", help="데이터셋만 검사합니다(코퍼스 대조).")] = False,
    save: Annotated[Path | None, typer.Option("--save", help="요약(JSON)을 저장할 파일")] = None,
    add_docs: Annotated[
        list[Path] | None,
        typer.Option(
            "--add-docs",
            help="이 폴더(또는 .list 목록)의 문서를 더한 색인으로 평가합니다(원래 색인은 그대로, 복사본은 재사용).",
        ),
    ] = None,
) -> None:
    """평가 데이터셋으로 답변 품질을 측정합니다."""
    missing = [str(p) for p in datasets if not p.is_file()]
    if missing:
        raise _fail("데이터셋 파일이 없습니다: " + ", ".join(missing), EXIT_USAGE)
    extra = add_docs or []
    if check:
        raise typer.Exit(_run_check(datasets, extra))
    if extra and url:
        raise _fail(
            "--add-docs는 내장 도우미로 평가할 때만 쓸 수 있습니다(--url과 함께 쓸 수 없음).", EXIT_USAGE
        )
    raise typer.Exit(
        _run_eval(
            datasets, as_json=as_json, report=report, url=url, compare=compare, save=save, add_docs=extra
        )
    )


def _run_eval(
    datasets: list[Path],
    *,
    as_json: bool,
    report: Path | None,
    url: str | None,
    compare: Path | None,
    save: Path | None,
    add_docs: list[Path],
) -> int:
    import datetime as dt
    import json

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from evals.compare import SummaryFileError, compare_summaries, comparison_to_json, load_summary
    from evals.dataset import DatasetError, load_datasets
    from evals.metrics import build_summary, pipeline_problems
    from evals.report import render_report
    from evals.runner import HttpBackend, InProcessBackend, Runner

    try:
        items = load_datasets(datasets)
    except DatasetError as exc:
        for problem in exc.problems:
            typer.secho(str(problem), fg=typer.colors.RED, err=True)
        return EXIT_USAGE
    previous = None
    if compare is not None:
        try:
            previous = load_summary(compare)
        except SummaryFileError as exc:
            raise _fail(exc.reason, EXIT_USAGE) from exc
    if url:
        try:
            backend = HttpBackend(url)
        except ValueError as exc:
            raise _fail(f"API 주소가 올바르지 않습니다: {url}", EXIT_USAGE) from exc
        target = url
    else:
        from assistant.service import Assistant
        from assistant.settings import get_settings

        settings = get_settings()
        if add_docs:
            from evals.overlay import OverlayError, index_with_documents

            try:
                home = index_with_documents(
                    settings.home,
                    add_docs,
                    chroma_url=settings.chroma_url,
                    span_vectors=settings.span_vectors,
                    progress=not as_json,
                )
            except OverlayError as exc:
                raise _fail(str(exc), EXIT_USAGE) from exc
            settings = settings.model_copy(update={"home": home})
        try:
            assistant = Assistant.from_settings(settings)
        except Exception as exc:  # entry point: any failure to open the index is a usage problem
            raise _fail(
                f"색인을 열 수 없습니다({settings.home}): {exc} — 먼저 'giljabi ingest'를 실행하세요.", 2
            ) from exc
        backend = InProcessBackend(assistant)
        target = f"내장 도우미 ({settings.home})"

    runner = Runner(backend, tolerate=(Exception,))  # entry point: one failing item must not stop the run
    with Progress(
        TextColumn("평가 중"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=as_json,
        disable=as_json,
    ) as progress:
        task = progress.add_task("eval", total=len(items))
        results = runner.run(items, on_result=lambda _r: progress.advance(task))

    summary = build_summary(
        results,
        datasets=[p.name for p in datasets],
        target=target,
        generated_at=dt.datetime.now().isoformat(timespec="seconds"),
    )
    comparison = compare_summaries(summary, previous) if previous is not None else None
    if comparison is not None:
        summary["comparison"] = comparison_to_json(comparison)
    text = json.dumps(summary, ensure_ascii=False, indent=2)
    if save is not None:
        save.parent.mkdir(parents=True, exist_ok=True)
        save.write_text(text, encoding="utf-8")
    if report is not None:
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(render_report(summary, results, comparison), encoding="utf-8")
    if as_json:
        typer.echo(text)
    else:
        _print_table(summary, comparison)
        if report is not None:
            typer.echo(f"보고서: {report}")
    problems = pipeline_problems(results)
    for problem in problems:
        typer.secho(f"파이프라인 이상: {problem}", fg=typer.colors.RED, err=True)
    return EXIT_FAILED if problems else EXIT_OK
