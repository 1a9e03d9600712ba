"""ingest.card_contacts on real corpus notices: the program's own desk and the order of contacts
(docs/CARD_AUDIT.md)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ingest.card_contacts import DIRECTORY, contacts, desk
from ingest.card_lines import split_lines
from ingest.pipeline import build_source_doc
from ingest.types import SourceDoc
from tests.conftest import real_file


@cache
def _doc(fragment: str) -> SourceDoc:
    path: Path = real_file(fragment)
    return build_source_doc(path.read_bytes(), path.name)


def _desk(fragment: str):  # type: ignore[no-untyped-def]
    doc = _doc(fragment)
    return doc, desk(doc, split_lines(doc.text))


def test_a_number_after_the_staff_names_its_office_on_the_line_above() -> None:
    # "경기경제과학진흥원 사업화지원팀" / "(홍○○ 차장, 양○○ 과장, 김○○ 대리) 031-259-6494, …"
    doc, f = _desk("스타기업_육성사업")
    assert f is not None and f.value == "경기경제과학진흥원 사업화지원팀 031-259-6494"
    assert doc.text[f.start : f.end] == f.quote and f.quote.startswith("경기경제과학진흥원 사업화지원팀\n")


def test_the_contact_section_comes_first() -> None:
    # the 1379 / 1644 numbers of certificate offices are earlier in the notice than its 문의처
    doc = _doc("스타기업_육성사업")
    found = contacts(doc, split_lines(doc.text))
    assert found[0].value == "경기경제과학진흥원 사업화지원팀 031-259-6494"
    assert {f.value for f in found[2:]} == {"1379", "1644-4544"}


def test_contacts_are_named_by_the_office_cell_of_their_row() -> None:
    # "전문기관 | 중소기업기술정보진흥원 (지역정책기획실) | 중소기업 연구인력지원사업 | (044) 300-0813"; a table
    # of partner universities earlier in the notice comes after the 문의처 section
    doc = _doc("연구인력지원사업")
    found = contacts(doc, split_lines(doc.text))
    assert found[0].value == "중소기업기술정보진흥원 (지역정책기획실) (044) 300-0813"
    assert not any(f.value.startswith("한국교통대학교") for f in found)


def test_a_table_of_numbers_by_project_is_the_directory() -> None:
    # "7. 문의처" then rows "1 | 과제명 | e-mail 042-719-1412": no office beside any number
    doc, f = _desk("대형산불_대응")
    assert f is not None and f.value == DIRECTORY
    assert f.quote.startswith("딥러닝 기반 산불") and f.quote.endswith("042-719-1412")  # its first row


def test_an_office_above_a_phone_line_in_the_contact_section() -> None:
    # "10. 문의처" / "ㅇ 한국연구재단 인재양성사업팀" / "- 전화번호 : 042-869-6452, …"
    doc, f = _desk("이공계_연구생활장려금")
    assert f is not None and f.value == "한국연구재단 인재양성사업팀 042-869-6452"
    assert doc.text[f.start : f.end] == f.quote


def test_call_centres_alone_give_no_desk() -> None:
    _, f = _desk("공고_제2025-358호")
    assert f is None


def test_an_email_between_the_office_and_its_number() -> None:
    # "○ R&D실용화실 : name@agency.or.kr / 042-719-1412"
    doc, f = _desk("산사태_현장대응")
    assert f is not None and f.value == "R&D실용화실 042-719-1412"
    assert doc.text[f.start : f.end] == f.quote


def test_a_tel_cue_with_a_full_stop() -> None:
    # "한국에너지공단 신재생정책실 정책총괄팀(Tel. 052-920-0687, 0689)"
    _, f = _desk("공고2025-91호")
    assert f is not None and f.value == "한국에너지공단 신재생정책실 정책총괄팀 052-920-0687"
