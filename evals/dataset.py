"""Load and validate evaluation datasets (JSONL, one item a line; schema in docs/EVAL.md).

Parsing is strict: unknown fields, wrong types and unknown question types are problems, reported
per line with a Korean message. ``read_dataset`` collects every problem; ``load_dataset`` raises
``DatasetError`` when there is any.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.types import Turn

QUESTION_TYPES: tuple[str, ...] = (
    "deadline",
    "eligibility",
    "amount",
    "menu",
    "contact",
    "procedure",
    "refusal",
    "followup",
)
REQUIRED_FIELDS: tuple[str, ...] = ("id", "doc", "type", "question", "facts")
OPTIONAL_FIELDS: tuple[str, ...] = ("history", "alt_docs", "faq")
ROLES: tuple[str, ...] = ("user", "assistant")


@dataclass(frozen=True)
class EvalItem:
    """One evaluation question. ``facts`` holds groups of acceptable spellings."""

    id: str
    doc: str | None
    type: str
    question: str
    facts: tuple[tuple[str, ...], ...]
    history: tuple[Turn, ...] = ()
    alt_docs: tuple[str, ...] = ()
    faq: bool = False  # an applicant's edge case in the style of a ministry's Q&A list
    line: int = 0
    dataset: str = ""

    @property
    def doc_names(self) -> tuple[str, ...]:
        """Every file-name substring that counts as the target document."""
        return ((self.doc,) if self.doc else ()) + self.alt_docs


@dataclass(frozen=True)
class DatasetProblem:
    """A problem found on one line of a dataset file (``line`` is 1-based; 0 = the whole file)."""

    dataset: str
    line: int
    item_id: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.line}번째 줄" if self.line else "파일"
        if self.item_id:
            where += f"(id={self.item_id})"
        return f"{self.dataset}: {where}: {self.message}"


class DatasetError(Exception):
    """A dataset could not be loaded; ``problems`` lists every reason."""

    def __init__(self, problems: list[DatasetProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class _ItemError(ValueError):
    pass


def _str_list(value: Any, field: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _ItemError(f"'{field}'은(는) 비어 있지 않은 문자열의 목록이어야 합니다")
    return tuple(value)


def _parse_facts(value: Any) -> tuple[tuple[str, ...], ...]:
    if not isinstance(value, list):
        raise _ItemError("'facts'는 표기 목록들의 목록이어야 합니다 (예: [[\"1357\"]])")
    groups: list[tuple[str, ...]] = []
    for n, group in enumerate(value, start=1):
        if not isinstance(group, list) or not group:
            raise _ItemError(f"'facts'의 {n}번째 묶음은 비어 있지 않은 목록이어야 합니다")
        if not all(isinstance(s, str) and "".join(s.split()) for s in group):
            raise _ItemError(f"'facts'의 {n}번째 묶음에 비어 있거나 문자열이 아닌 표기가 있습니다")
        groups.append(tuple(group))
    return tuple(groups)


def _parse_history(value: Any) -> tuple[Turn, ...]:
    if not isinstance(value, list):
        raise _ItemError('\'history\'는 {"role", "content"} 객체의 목록이어야 합니다')
    turns: list[Turn] = []
    for n, turn in enumerate(value, start=1):
        if not isinstance(turn, dict) or set(turn) != {"role", "content"}:
            raise _ItemError(f"'history'의 {n}번째 항목은 role과 content만 가져야 합니다")
        role, content = turn["role"], turn["content"]
        if role not in ROLES:
            raise _ItemError(f"'history'의 {n}번째 항목: 알 수 없는 role '{role}' (user 또는 assistant)")
        if not isinstance(content, str) or not content.strip():
            raise _ItemError(f"'history'의 {n}번째 항목: content가 비어 있습니다")
        turns.append(Turn(role=role, content=content))
    return tuple(turns)


def parse_item(obj: Any, *, line: int = 0, dataset: str = "") -> EvalItem:
    """Turn one decoded JSON value into an ``EvalItem``; raises ``ValueError`` with a Korean message."""
    if not isinstance(obj, dict):
        raise _ItemError("한 줄은 JSON 객체여야 합니다")
    missing = [f for f in REQUIRED_FIELDS if f not in obj]
    if missing:
        raise _ItemError("필수 항목이 없습니다: " + ", ".join(missing))
    unknown = sorted(set(obj) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS))
    if unknown:
        raise _ItemError("알 수 없는 항목이 있습니다: " + ", ".join(unknown))
    item_id, doc, qtype, question = obj["id"], obj["doc"], obj["type"], obj["question"]
    if not isinstance(item_id, str) or not item_id.strip():
        raise _ItemError("'id'는 비어 있지 않은 문자열이어야 합니다")
    if doc is not None and (not isinstance(doc, str) or not doc.strip()):
        raise _ItemError("'doc'은(는) 파일 이름의 일부(문자열) 또는 null이어야 합니다")
    if not isinstance(qtype, str) or qtype not in QUESTION_TYPES:
        raise _ItemError(f"알 수 없는 질문 유형 '{qtype}' (허용: {', '.join(QUESTION_TYPES)})")
    if not isinstance(question, str) or not question.strip():
        raise _ItemError("'question'이 비어 있습니다")
    facts = _parse_facts(obj["facts"])
    history = _parse_history(obj["history"]) if "history" in obj else ()
    alt_docs = _str_list(obj["alt_docs"], "alt_docs") if "alt_docs" in obj else ()
    if qtype != "refusal" and not facts:
        raise _ItemError("거절(refusal)이 아닌 문항에는 사실(facts)이 한 개 이상 있어야 합니다")
    if qtype == "followup" and not history:
        raise _ItemError("후속 질문(followup)에는 이전 대화(history)가 있어야 합니다")
    if alt_docs and doc is None:
        raise _ItemError("'alt_docs'는 'doc'이 있을 때만 쓸 수 있습니다")
    faq = obj.get("faq", False)
    if not isinstance(faq, bool):
        raise _ItemError("'faq'는 true 또는 false여야 합니다")
    return EvalItem(
        id=item_id,
        doc=doc,
        type=qtype,
        question=question,
        facts=facts,
        history=history,
        alt_docs=alt_docs,
        faq=faq,
        line=line,
        dataset=dataset,
    )


def read_dataset(path: Path) -> tuple[list[EvalItem], list[DatasetProblem]]:
    """Parse every line of ``path``; return the valid items and the problems found (never raises
    for content problems; a missing file is a problem too)."""
    name = path.name
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [], [DatasetProblem(name, 0, None, f"파일이 없습니다: {path}")]
    except UnicodeDecodeError:
        return [], [DatasetProblem(name, 0, None, "UTF-8 텍스트 파일이 아닙니다")]
    items: list[EvalItem] = []
    problems: list[DatasetProblem] = []
    seen: dict[str, int] = {}
    for line_no, text in enumerate(raw.splitlines(), start=1):
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            problems.append(DatasetProblem(name, line_no, None, f"JSON 형식이 잘못되었습니다 ({exc.msg})"))
            continue
        item_id = obj.get("id") if isinstance(obj, dict) and isinstance(obj.get("id"), str) else None
        try:
            item = parse_item(obj, line=line_no, dataset=name)
        except _ItemError as exc:
            problems.append(DatasetProblem(name, line_no, item_id, str(exc)))
            continue
        if item.id in seen:
            problems.append(
                DatasetProblem(name, line_no, item.id, f"id가 중복됩니다 ({seen[item.id]}번째 줄과 같음)")
            )
            continue
        seen[item.id] = line_no
        items.append(item)
    if not items and not problems:
        problems.append(DatasetProblem(name, 0, None, "문항이 하나도 없습니다"))
    return items, problems


def load_dataset(path: Path) -> list[EvalItem]:
    """Load a dataset; raise ``DatasetError`` listing every problem when it is not valid."""
    items, problems = read_dataset(path)
    if problems:
        raise DatasetError(problems)
    return items


def load_datasets(paths: list[Path]) -> list[EvalItem]:
    """Load several datasets; ids must be unique across all of them."""
    items: list[EvalItem] = []
    problems: list[DatasetProblem] = []
    seen: dict[str, EvalItem] = {}
    for path in paths:
        file_items, file_problems = read_dataset(path)
        problems.extend(file_problems)
        for item in file_items:
            if item.id in seen:
                first = seen[item.id]
                problems.append(
                    DatasetProblem(
                        item.dataset,
                        item.line,
                        item.id,
                        f"id가 {first.dataset} {first.line}번째 줄과 중복됩니다",
                    )
                )
                continue
            seen[item.id] = item
            items.append(item)
    if problems:
        raise DatasetError(problems)
    return items
