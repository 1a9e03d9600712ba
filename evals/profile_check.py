"""Blind checks of "what fits my company": ``python -m evals.profile_check SET.jsonl [...] [--home HOME]``.

Each line of a set is ``{"id", "today": "YYYY-MM-DD", "question", "admit": [source file names], "exclude":
[source file names], "note"}``. For every item the question is read as a company profile
(``assistant.company_profile``) and each named file's own program card is matched against it
(``assistant.profile_match.match_card``, as of the item's ``today``). Per set it counts

- recall: admitted files whose card is listed as fits or 확인 필요 (and how many as fits);
- wrong fits: excluded files whose card is listed as fits (must be 0); excluded files left as 확인 필요;
- routed: questions the chat answers with the profile list (``facts.scope == "profile"``);
- missing: named files with no program card in the index (not an announcement, or not indexed).

Output is a table and a JSON object; ``--items`` adds each item's verdicts (leave it off for test sets,
which are reported as counts only).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from assistant.company_profile import read_profile
from assistant.profile_match import match_card
from ingest.cards import ProgramCard

__all__ = ["ProfileItem", "check_set", "main", "read_set"]

KEYS = ("id", "today", "question", "admit", "exclude", "note")


class Matcher(Protocol):
    """What the checker needs of ``assistant.service.Assistant``."""

    def cards(self) -> list[ProgramCard]: ...
    def ask(self, question: str) -> Any: ...


@dataclass(frozen=True)
class ProfileItem:
    id: str
    today: dt.date
    question: str
    admit: tuple[str, ...]
    exclude: tuple[str, ...]
    note: str = ""


def read_set(path: Path) -> list[ProfileItem]:
    """The items of a JSONL set; ValueError names the line and the problem."""
    items: list[ProfileItem] = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
            missing = [k for k in KEYS[:5] if k not in obj]
            if missing:
                raise ValueError(f"빠진 항목: {', '.join(missing)}")
            if not all(isinstance(s, str) for s in [*obj["admit"], *obj["exclude"]]):
                raise ValueError("admit/exclude는 파일 이름 목록이어야 합니다")
            items.append(
                ProfileItem(
                    str(obj["id"]),
                    dt.date.fromisoformat(obj["today"]),
                    str(obj["question"]),
                    tuple(obj["admit"]),
                    tuple(obj["exclude"]),
                    str(obj.get("note", "")),
                )
            )
        except (ValueError, TypeError, KeyError) as exc:
            raise ValueError(f"{path.name}:{n}: {exc}") from exc
    return items


@dataclass
class SetResult:
    name: str
    items: int = 0
    admitted: int = 0
    admitted_listed: int = 0
    admitted_fits: int = 0
    excluded: int = 0
    excluded_as_fits: int = 0
    excluded_as_check: int = 0
    routed: int = 0
    missing: int = 0
    details: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        recall = self.admitted_listed / self.admitted if self.admitted else None
        return {
            "set": self.name,
            "items": self.items,
            "admitted": self.admitted,
            "admitted_listed": self.admitted_listed,
            "admitted_fits": self.admitted_fits,
            "recall": round(recall, 3) if recall is not None else None,
            "excluded": self.excluded,
            "excluded_as_fits": self.excluded_as_fits,
            "excluded_as_check": self.excluded_as_check,
            "routed": self.routed,
            "missing": self.missing,
        }


def _verdict(cards: dict[str, ProgramCard], source: str, item: ProfileItem) -> str:
    card = cards.get(source)
    if card is None:
        return "missing"
    return match_card(card, read_profile(item.question, item.today), item.today).verdict


def check_set(
    name: str, items: Sequence[ProfileItem], matcher: Matcher, items_out: bool = False
) -> SetResult:
    cards = {c.source: c for c in matcher.cards()}
    result = SetResult(name)
    for item in items:
        result.items += 1
        admit = {s: _verdict(cards, s, item) for s in item.admit}
        exclude = {s: _verdict(cards, s, item) for s in item.exclude}
        answer = matcher.ask(item.question)
        routed = (getattr(answer, "facts", None) or {}).get("scope") == "profile"
        result.routed += routed
        for v in admit.values():
            result.admitted += 1
            result.missing += v == "missing"
            result.admitted_listed += v in ("fits", "check")
            result.admitted_fits += v == "fits"
        for v in exclude.values():
            result.excluded += 1
            result.missing += v == "missing"
            result.excluded_as_fits += v == "fits"
            result.excluded_as_check += v == "check"
        if items_out:
            result.details.append({"id": item.id, "routed": routed, "admit": admit, "exclude": exclude})
    return result


def _table(results: Sequence[SetResult]) -> str:
    head = f"{'set':30} {'items':>5} {'recall':>13} {'fits':>5} {'wrong fits':>10} {'check':>5} {'routed':>6} {'missing':>7}"
    rows = [head, "-" * len(head)]
    for r in results:
        s = r.summary()
        rows.append(
            f"{r.name[:30]:30} {r.items:5} {f'{r.admitted_listed}/{r.admitted}':>13} {r.admitted_fits:5} "
            f"{f'{r.excluded_as_fits}/{r.excluded}':>10} {r.excluded_as_check:5} {r.routed:6} {s['missing']:7}"
        )
    return "\n".join(rows)


class _DatedAssistant:
    """The assistant with its reference day set per item (the chat's statuses and routing as of that day)."""

    def __init__(self, assistant: Any) -> None:
        self.assistant = assistant
        self.base = assistant.settings
        self.today: dt.date | None = None

    def cards(self) -> list[ProgramCard]:
        return self.assistant.cards()

    def ask(self, question: str) -> Any:
        if self.today is not None:
            self.assistant.settings = self.base.model_copy(update={"today": self.today})
        try:
            return self.assistant.ask(question)
        finally:
            self.assistant.settings = self.base


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evals.profile_check", description=__doc__.splitlines()[0]
    )
    parser.add_argument("sets", nargs="+", type=Path, help="JSONL 세트 파일")
    parser.add_argument("--home", type=Path, default=None, help="색인이 있는 GILJABI_HOME")
    parser.add_argument("--items", action="store_true", help="문항별 판정도 출력(시험 세트에는 쓰지 않음)")
    args = parser.parse_args(argv)

    sets: list[tuple[str, list[ProfileItem]]] = []
    for path in args.sets:  # every set is read before the index is opened
        try:
            sets.append((path.stem, read_set(path)))
        except (OSError, ValueError) as exc:
            print(f"세트를 읽지 못했습니다: {exc}", file=sys.stderr)
            return 2

    from assistant.service import Assistant
    from assistant.settings import Settings

    settings = Settings(home=args.home) if args.home else Settings()
    dated = _DatedAssistant(Assistant.from_settings(settings))
    results: list[SetResult] = []
    for name, items in sets:
        result = SetResult(name)
        for item in items:  # one item at a time, each as of its own day
            dated.today = item.today
            one = check_set(name, [item], dated, args.items)
            for k, v in vars(one).items():
                if k == "details":
                    result.details += v
                elif isinstance(v, int) and k != "name":
                    setattr(result, k, getattr(result, k) + v)
        results.append(result)
    print(_table(results))
    out: dict[str, Any] = {"sets": [r.summary() for r in results]}
    if args.items:
        out["items"] = {r.name: r.details for r in results}
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
