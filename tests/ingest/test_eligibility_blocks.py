"""ingest.eligibility_blocks on real corpus notices: which lines state who may (not) apply, read the way the
notices lay them out — circled lists past nested numbered lists, exception sub-lists, attachments."""

from __future__ import annotations

import re
from functools import cache

from ingest.card_eligibility import extract_eligibility
from ingest.card_lines import NUMBERING, split_lines
from ingest.eligibility_blocks import RuleLine, circled, rule_lines
from ingest.pipeline import build_source_doc
from ingest.types import SourceDoc
from tests.conftest import real_file

LEAP = "창업도약패키지_일반형_창업기업_모집_수정공고"
SCALEUP = "2025.5.9_2025년_스케일업_팁스_기업_지원계획_통합_공"
WIN_WIN = "중견중소기업상생형혁신도약사업_신규지원_공고문"


@cache
def doc(fragment: str) -> SourceDoc:
    path = real_file(fragment)
    return build_source_doc(path.read_bytes(), path.name)


@cache
def rules(fragment: str) -> tuple[RuleLine, ...]:
    return tuple(rule_lines(split_lines(doc(fragment).text)))


def _circled_runs(rs: tuple[RuleLine, ...]) -> list[list[int]]:
    """The runs of consecutive circled numbers (①, ②, …) that open exclusion lines, in document order."""
    runs: list[list[int]] = []
    for r in rs:
        number = circled(r.line.text)
        if not r.exclusion or number is None or number[0] != 0x2460:
            continue
        if runs and number[1] == runs[-1][-1] + 1:
            runs[-1].append(number[1])
        else:
            runs.append([number[1]])
    return runs


def test_a_circled_exclusion_list_runs_past_its_nested_numbered_lists() -> None:
    """Items ① … of an exclusion list, each followed by a numbered list of exceptions ("1. … 2. …"), are
    all read: the nested "1." does not end the block."""
    rs = rules(LEAP)
    longest = max(_circled_runs(rs), key=len)
    assert longest[0] == 1 and len(longest) >= 5
    nested = [r for r in rs if r.exclusion and NUMBERING.match(r.line.text)]
    assert nested and all(r.exception for r in nested)  # the numbered items under "< ① … 예외 … >"


def test_exception_lines_give_no_refusal_ground_and_every_item_can() -> None:
    d = doc(LEAP)
    rs = rules(LEAP)
    facts = extract_eligibility(d)
    exception_spans = [(r.line.start, r.line.end) for r in rs if r.exception]
    assert exception_spans
    grounds = facts.of("exclusion")
    assert grounds and not any(s <= f.start < e for f in grounds for s, e in exception_spans)
    # the last item of the list states a ground of its own, read with its circled number in the quote
    last = max(
        (r for r in rs if r.exclusion and circled(r.line.text) is not None and not r.exception),
        key=lambda r: (circled(r.line.text) or (0, 0))[1],
    )
    assert any(f.line_start == last.line.start and circled(f.quote) for f in grounds)


def test_a_sub_list_of_grounds_under_an_item_is_read() -> None:
    """ "⑥ … 다음 중 하나에 해당하는 경우" with its grounds as "㉮ … ㉯ …" several lines further down."""
    rs = rules(SCALEUP)
    sub = [r for r in rs if r.exclusion and (n := circled(r.line.text)) is not None and n[0] == 0x326E]
    assert len(sub) >= 2
    facts = extract_eligibility(doc(SCALEUP))
    starts = {r.line.start for r in sub}
    assert any(f.line_start in starts for f in facts.of("exclusion"))


def test_rules_after_an_attachment_heading_are_unsure_but_refusals_stay() -> None:
    d = doc(WIN_WIN)
    rs = rules(WIN_WIN)
    first = next(i for i, r in enumerate(rs) if r.appendix)
    assert first > 0 and all(r.appendix for r in rs[first:]) and not any(r.appendix for r in rs[:first])
    heading = re.compile(r"\s*[\[<]?\s*(?:붙임|별첨|별지)\s*\d")  # an attachment's own heading
    between = [x for x in split_lines(d.text) if rs[first - 1].line.start < x.start <= rs[first].line.start]
    assert any(heading.match(x.text) for x in between)
    boundary = rs[first].line.start
    facts = extract_eligibility(d)
    late = [f for f in facts.facts if f.line_start >= boundary]
    assert late and all(f.unsure for f in late if f.kind != "exclusion")
    assert any(f.line_start < boundary and not f.unsure for f in facts.of("applicant"))


def _made_up(text: str) -> list[RuleLine]:
    return rule_lines(split_lines(build_source_doc(text.encode("utf-8"), "가나_공고.txt").text))


def test_a_boxed_block_ends_at_the_next_boxed_topic() -> None:
    """ "□ 지원대상 : …" then "□ 지원내용 : …": the offer's lines (who is trained, what is paid) are no rules."""
    rs = _made_up(
        "□ 지원대상 : 창업 3년 이내 기업\n"
        "* 단, 가나 사업 참여기업은 신청 가능\n"
        "□ 지원내용 : 사업화자금 최대 1억원\n"
        "- (교육) 예비창업자의 역량 강화 교육\n"
    )
    assert [r.line.text[:6] for r in rs] == ["□ 지원대상", "* 단, 가"]


def test_contents_lines_and_form_rows_open_no_block() -> None:
    rs = _made_up(
        "1. 신청자격 및 참여제한\t9\n"
        "2. 지원내용\t10\n"
        "서식3\t신청 자격의 적정성 확인서\t필수\n"
        "서식4\t가나 분야 요청서(중소기업)\t해당시\n"
    )
    assert rs == []


def test_a_bonus_list_and_a_terms_definition_are_marked() -> None:
    rs = _made_up(
        "□ 신청자격\n"
        "③ 매출액 50억원 이상 중소기업(가나기업※은 20억원 이상)\n"
        "※ 가나기업\n"
        "- 산업분류 대분류 ‘가나’ 업종 기업\n"
        "④ 가산점 적용대상(각 1점)\n"
        "· 다라 인증기업 (인증서)\n"
    )
    by_text = {r.line.text[:6]: r for r in rs}
    assert by_text["- 산업분류"].definition and not by_text["③ 매출액 "].definition
    assert by_text["· 다라 인"].scoring and not by_text["③ 매출액 "].scoring


def test_blocks_labelled_alike_carry_their_label() -> None:
    """One "◦ 지원대상" per sub-program of the staff notice: each block knows its label line."""
    rs = rules("공고문_2025년_중소기업_연구인력지원사업_공고")
    opened = {r.block for r in rs if r.label == "지원대상"}
    assert len(opened) >= 2
