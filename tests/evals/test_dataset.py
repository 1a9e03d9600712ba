import json
from pathlib import Path

import pytest

from assistant.types import Turn
from evals.dataset import DatasetError, load_dataset, load_datasets, parse_item, read_dataset

GOOD = {
    "id": "a-1",
    "doc": "시군구연고산업",
    "type": "deadline",
    "question": "마감 언제예요?",
    "facts": [["12월 27일"]],
}


def write(tmp_path: Path, *lines: object, name: str = "d.jsonl") -> Path:
    path = tmp_path / name
    path.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines) + "\n"
    )
    return path


def test_parse_item_reads_every_field() -> None:
    obj = {
        **GOOD,
        "type": "followup",
        "history": [{"role": "user", "content": "연고산업 알려줘"}, {"role": "assistant", "content": "네."}],
        "alt_docs": ["지역혁신선도기업육성_RnD"],
    }
    item = parse_item(obj, line=3, dataset="x.jsonl")
    assert item.history == (Turn("user", "연고산업 알려줘"), Turn("assistant", "네."))
    assert item.facts == (("12월 27일",),)
    assert item.doc_names == ("시군구연고산업", "지역혁신선도기업육성_RnD")
    assert (item.line, item.dataset) == (3, "x.jsonl")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"type": "weather"}, "알 수 없는 질문 유형"),
        ({"facts": "12월 27일"}, "'facts'"),
        ({"facts": [[]]}, "1번째 묶음"),
        ({"facts": []}, r"사실\(facts\)이 한 개 이상"),
        ({"doc": 3}, "'doc'"),
        ({"extra": 1}, "알 수 없는 항목이 있습니다: extra"),
        ({"type": "followup"}, "history"),
        ({"history": [{"role": "system", "content": "x"}]}, "알 수 없는 role 'system'"),
        ({"doc": None, "alt_docs": ["x"]}, "'alt_docs'는 'doc'이 있을 때만"),
    ],
)
def test_parse_item_rejects_bad_values(change: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_item({**GOOD, **change})


def test_read_dataset_reports_each_bad_line(tmp_path: Path) -> None:
    missing = {k: v for k, v in GOOD.items() if k != "question"}
    path = write(tmp_path, GOOD, "{not json", missing, {**GOOD, "question": "또 마감?"}, "")
    items, problems = read_dataset(path)
    assert [i.id for i in items] == ["a-1"]
    assert [(p.line, p.item_id) for p in problems] == [(2, None), (3, "a-1"), (4, "a-1")]
    assert "JSON 형식" in problems[0].message
    assert "필수 항목이 없습니다: question" in problems[1].message
    assert "중복" in problems[2].message
    assert str(problems[1]) == "d.jsonl: 3번째 줄(id=a-1): 필수 항목이 없습니다: question"


def test_refusal_may_have_no_doc_and_no_facts(tmp_path: Path) -> None:
    path = write(tmp_path, {"id": "r", "doc": None, "type": "refusal", "question": "날씨?", "facts": []})
    [item] = load_dataset(path)
    assert item.doc is None and item.facts == () and item.doc_names == ()


def test_load_datasets_rejects_ids_repeated_across_files(tmp_path: Path) -> None:
    a = write(tmp_path, GOOD, name="a.jsonl")
    b = write(tmp_path, GOOD, name="b.jsonl")
    with pytest.raises(DatasetError) as info:
        load_datasets([a, b])
    [problem] = info.value.problems
    assert problem.dataset == "b.jsonl" and "a.jsonl 1번째 줄" in problem.message


def test_missing_file_is_a_problem(tmp_path: Path) -> None:
    items, problems = read_dataset(tmp_path / "nope.jsonl")
    assert items == [] and "파일이 없습니다" in problems[0].message
