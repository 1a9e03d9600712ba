"""Pydantic models for the HTTP edge, and Korean messages for validation errors.

Domain objects (frozen dataclasses in ``assistant.types`` / ``ingest.types``) are converted to these
models here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    field_validator,
)
from pydantic_core import PydanticCustomError

from assistant.replacement_log import ReplacementEntry
from assistant.types import Answer, Hit, Turn
from assistant.upload_swap import PlacedUpload
from ingest.catalog_types import DocumentRecord
from ingest.review import DocumentFlags
from ingest.types import FileReport

# Budgets of one request, in characters; the body is also capped in bytes by assistant.body_limit,
# whose JSON limit holds the largest valid request (history: 20 turns of 2,000 characters).
MAX_QUESTION = 1000
MAX_TURNS = 20
MAX_TURN_CHARS = 2000
MAX_ANSWER = 20_000
MAX_COMMENT = 2000


def _has_letters(text: str) -> str:
    """A question needs words: one made only of digits or symbols ("111…1") has nothing to look up."""
    if not any(ch.isalpha() for ch in text):
        raise PydanticCustomError("no_letters", "question has no letters")
    return text


Question = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_QUESTION)]
AskedQuestion = Annotated[Question, AfterValidator(_has_letters)]
Content = Annotated[str, StringConstraints(max_length=MAX_TURN_CHARS)]


# ---------------------------------------------------------------- requests


class TurnIn(BaseModel):
    role: Literal["user", "assistant"]
    content: Content

    def to_turn(self) -> Turn:
        return Turn(role=self.role, content=self.content)


class AskRequest(BaseModel):
    question: AskedQuestion = Field(description="질문 (공백 제외 1~1000자, 글자가 하나 이상)")
    history: list[TurnIn] = Field(
        default_factory=list,
        max_length=MAX_TURNS,
        description=f"이전 대화(최대 {MAX_TURNS}개, 각 {MAX_TURN_CHARS:,}자)",
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"question": "시군구연고산업육성사업 접수 마감이 언제예요?"},
                {
                    "question": "자부담 비율은요?",
                    "history": [
                        {"role": "user", "content": "팁스 지원한도는 얼마인가요?"},
                        {"role": "assistant", "content": "최대 5억원입니다."},
                    ],
                },
            ]
        }
    )

    def turns(self) -> tuple[Turn, ...]:
        return tuple(t.to_turn() for t in self.history)


class SearchParams(BaseModel):
    q: AskedQuestion = Field(description="검색어")
    k: int = Field(default=5, ge=1, le=20, description="돌려줄 구절 수(1~20)")


def _known_region(region: str | None) -> str | None:
    from assistant.program_filters import regions_named

    if region and not regions_named(region):
        raise PydanticCustomError("unknown_region", "unknown region")
    return region or None


ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]


class ProgramParams(BaseModel):
    status: Literal["open", "closing", "closed", "upcoming", "unknown"] | None = Field(
        default=None,
        description="open(접수중) | closing(마감임박) | closed(마감) | upcoming(접수예정) | unknown(기간 미확인)",
    )
    q: Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_QUESTION)] | None = Field(
        default=None, description="사업명·제목·공고번호·파일명에 모두 들어 있어야 하는 낱말(공백으로 구분)"
    )
    region: Annotated[ShortText | None, AfterValidator(_known_region)] = Field(
        default=None,
        description="시·도(서울, 경기, 대구 …): 그 지역 사업과 지역 제한이 없는(전국) 사업",
    )
    ministry: ShortText | None = Field(
        default=None, description="공고 기관 또는 전담기관(중소벤처기업부, 중기부, 산림청 …)"
    )


class FeedbackIn(BaseModel):
    question: Question
    answer: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_ANSWER)]
    # strict: JSON true/false and "1" are not ratings (lax mode would read true as 1)
    rating: StrictInt = Field(description="1 = 좋아요, -1 = 아쉬워요", json_schema_extra={"enum": [1, -1]})

    @field_validator("rating")
    @classmethod
    def _one_or_minus_one(cls, rating: int) -> int:
        if rating not in (1, -1):
            raise PydanticCustomError("rating_value", "rating must be 1 or -1")
        return rating

    comment: Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_COMMENT)] | None = None


# ---------------------------------------------------------------- responses


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    documents: int
    chunks: int


class CitationOut(BaseModel):
    n: int
    doc_id: str
    source: str
    title: str
    page: int
    section: str
    quote: str
    start: int = -1
    end: int = -1


class AskResponse(BaseModel):
    question: str
    answer: str
    status: Literal["answered", "not_found", "rejected"]
    intent: str
    program: str | None
    citations: list[CitationOut]
    took_ms: float
    intents: list[str] = Field(default_factory=list)
    facts: dict[str, Any] = Field(default_factory=dict)
    lead: list[str] = Field(default_factory=list)

    @classmethod
    def from_answer(cls, answer: Answer) -> AskResponse:
        d = answer.to_dict()
        return cls(
            question=d["question"],
            answer=d["answer"],
            status=d["status"],
            intent=d["intent"],
            program=d["program"],
            citations=[CitationOut(**c) for c in d["citations"]],
            took_ms=round(float(d["took_ms"]), 1),
            intents=list(d.get("intents") or ()),
            facts=dict(d.get("facts") or {}),
            lead=list(d.get("lead") or ()),
        )


class HitOut(BaseModel):
    doc_id: str
    source: str
    title: str
    page: int
    section: str
    text: str
    score: float
    rank: int
    start: int
    end: int

    @classmethod
    def from_hit(cls, hit: Hit) -> HitOut:
        c = hit.chunk
        return cls(
            doc_id=c.doc_id,
            source=c.source,
            title=c.title,
            page=c.page,
            section=c.section,
            text=c.text,
            score=float(hit.score),
            rank=hit.rank,
            start=c.start,
            end=c.end,
        )


class SearchResponse(BaseModel):
    query: str
    hits: list[HitOut]


class AddressedLineOut(BaseModel):
    line: int = Field(description="추출 텍스트의 줄 번호(1부터)")
    snippet: str = Field(description="그 줄(길면 잘림)")


class ConflictOut(BaseModel):
    field: str = Field(description="'접수 마감' 또는 '문의 전화'")
    value: str
    quote: str
    other_doc_id: str
    other_source: str
    other_value: str
    other_quote: str


class DocumentOut(BaseModel):
    source: str
    doc_id: str | None
    format: str | None
    pages: int
    chunks: int
    status: str
    error: str | None
    title: str = ""
    flags: list[str] = Field(default_factory=list, description="'지시문 포함', '다른 공고와 충돌'")
    addressed_lines: list[AddressedLineOut] = Field(
        default_factory=list, description="읽는 쪽에 지시하는 줄: 답이나 카드에 쓰지 않음"
    )
    conflicts: list[ConflictOut] = Field(
        default_factory=list, description="같은 사업의 다른 공고와 다른 접수 마감·문의 전화"
    )

    @classmethod
    def from_record(cls, record: DocumentRecord, review: DocumentFlags | None = None) -> DocumentOut:
        out = cls(**record.to_dict())
        if review is not None:
            out.flags = review.flags
            out.addressed_lines = [AddressedLineOut(line=a.line, snippet=a.snippet) for a in review.addressed]
            out.conflicts = [ConflictOut(**asdict(c)) for c in review.conflicts]
        return out


class ReplacementOut(BaseModel):
    at: str = Field(description="교체 시각(UTC, ISO 8601)")
    source: str
    who: str
    client: str
    outcome: Literal["replaced", "restored"] = Field(description="replaced(교체됨) | restored(되돌림)")
    old_doc_id: str
    new_doc_id: str | None
    reason: str | None = None

    @classmethod
    def from_entry(cls, entry: ReplacementEntry) -> ReplacementOut:
        return cls(**entry.to_dict())


class DocumentsResponse(BaseModel):
    documents: list[DocumentOut]
    replacements: list[ReplacementOut] = Field(
        default_factory=list, description="같은 이름 업로드로 파일을 바꾼 기록(최근 것부터)"
    )


class DocumentText(BaseModel):
    doc_id: str
    source: str | None = None
    title: str | None = None
    text: str


class FileReportOut(BaseModel):
    source: str
    doc_id: str | None
    format: str | None
    pages: int
    chunks: int
    status: str
    error: str | None = None
    seconds: float = 0.0
    replaced: bool = Field(default=False, description="같은 이름의 기존 파일을 바꿈")
    restored: bool = Field(default=False, description="새 파일을 색인하지 못해 기존 파일을 되돌림")
    note: str | None = None

    @classmethod
    def from_placed(cls, placed: PlacedUpload) -> FileReportOut:
        out = cls.from_report(placed.report)
        out.replaced, out.restored, out.note = placed.replaced, placed.restored, placed.note
        return out

    @classmethod
    def from_report(cls, report: FileReport) -> FileReportOut:
        return cls(
            source=report.source,
            doc_id=report.doc_id,
            format=report.format,
            pages=report.pages,
            chunks=report.chunks,
            status=report.status,
            error=report.error,
            seconds=round(report.seconds, 3),
        )


class ProgramsResponse(BaseModel):
    today: str
    programs: list[dict[str, Any]]


class MatchRequest(BaseModel):
    """A company profile: free text ("창업 5년차 제조업 매출 12억 대구") and/or structured fields (these win)."""

    model_config = ConfigDict(extra="forbid")

    text: Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_QUESTION)] | None = Field(
        default=None, description="회사 정보를 적은 글(질문 그대로도 됨)"
    )
    applicant: (
        Literal["예비창업자", "소상공인", "중소기업", "중견기업", "대학", "연구기관", "개인"] | None
    ) = Field(default=None, description="신청자 유형")
    age_years: float | None = Field(default=None, ge=0, le=100, description="업력(년)")
    revenue_won: int | None = Field(default=None, ge=0, description="최근 연도 매출액(원)")
    employees: int | None = Field(default=None, ge=0, le=1_000_000, description="상시근로자 수(명)")
    region: Annotated[ShortText | None, AfterValidator(_known_region)] = Field(
        default=None, description="소재지 시·도(서울, 경기, 대구 …)"
    )
    sectors: list[ShortText] = Field(
        default_factory=list, max_length=10, description="업종(제조, 소프트웨어 …)"
    )
    certifications: list[ShortText] = Field(
        default_factory=list, max_length=10, description="보유 인증(벤처기업, 이노비즈, 기업부설연구소 …)"
    )
    first_rnd: bool | None = Field(default=None, description="정부 R&D를 처음 수행하면 true")
    include_excluded: bool = Field(default=False, description="요건에 맞지 않는 사업도 함께 돌려줌")


class ReasonOut(BaseModel):
    kind: str = Field(
        description="applicant|age|revenue|employees|first_rnd|certification|sector|exclusion|region"
    )
    verdict: Literal["fits", "check", "excluded"]
    text: str
    quote: str = Field(description="공고문 원문 그대로의 규정(없으면 빈 문자열)")
    start: int
    end: int


class MatchOut(BaseModel):
    doc_id: str
    source: str
    program: str
    status: str = Field(description="open|closing|upcoming|unknown|closed")
    verdict: Literal["fits", "check", "excluded"] = Field(
        description="fits(신청 가능)|check(확인 필요)|excluded"
    )
    verdict_ko: str
    reason: ReasonOut = Field(description="판정의 근거가 된 규정")
    reasons: list[ReasonOut]


class MatchResponse(BaseModel):
    today: str
    profile: dict[str, Any]
    programs: list[MatchOut]


class FeedbackOut(BaseModel):
    id: int
    status: Literal["stored"] = "stored"


class ErrorOut(BaseModel):
    detail: str


# ---------------------------------------------------------------- Korean validation messages

_FIELD_MESSAGES: dict[tuple[str, str], str] = {
    ("question", "string_too_short"): "질문을 입력해 주세요. 비어 있거나 공백뿐인 질문에는 답할 수 없습니다.",
    ("question", "string_too_long"): f"질문이 너무 깁니다. {MAX_QUESTION}자 이내로 줄여 주세요.",
    ("question", "missing"): "질문(question)이 빠졌습니다.",
    ("q", "string_too_short"): "검색어(q)를 입력해 주세요.",
    ("q", "string_too_long"): f"검색어가 너무 깁니다. {MAX_QUESTION}자 이내로 줄여 주세요.",
    ("q", "missing"): "검색어(q)가 빠졌습니다.",
    ("k", "greater_than_equal"): "k는 1 이상이어야 합니다.",
    ("k", "less_than_equal"): "k는 20 이하여야 합니다.",
    ("history", "too_long"): f"대화 기록(history)은 최대 {MAX_TURNS}개까지 보낼 수 있습니다.",
    ("history", "list_type"): "대화 기록(history)은 목록이어야 합니다.",
    ("role", "literal_error"): "대화 기록의 role은 'user' 또는 'assistant'만 쓸 수 있습니다.",
    ("role", "missing"): "대화 기록의 role이 빠졌습니다.",
    ("content", "string_too_long"): f"대화 기록의 각 발화는 {MAX_TURN_CHARS}자 이내여야 합니다.",
    ("content", "missing"): "대화 기록의 content가 빠졌습니다.",
    ("replace", "bool_parsing"): "replace는 true 또는 false여야 합니다.",
    ("rating", "rating_value"): "rating은 1(좋아요) 또는 -1(아쉬워요)이어야 합니다.",
    (
        "rating",
        "int_type",
    ): "rating은 숫자 1(좋아요) 또는 -1(아쉬워요)이어야 합니다. true/false나 문자열은 받지 않습니다.",
    (
        "question",
        "no_letters",
    ): "질문에 글자가 없습니다. 숫자나 기호만으로는 찾을 수 없으니 궁금한 내용을 문장으로 적어 주세요.",
    ("q", "no_letters"): "검색어에 글자가 없습니다. 숫자나 기호만으로는 찾을 수 없습니다.",
    ("rating", "missing"): "평가(rating)가 빠졌습니다. 1 또는 -1을 보내 주세요.",
    (
        "answer",
        "string_too_short",
    ): "평가할 답변(answer)이 비어 있습니다. 공백만 있는 답변은 평가할 수 없습니다.",
    ("answer", "missing"): "평가할 답변(answer)이 빠졌습니다.",
    (
        "status",
        "literal_error",
    ): "status는 open(접수중), closing(마감임박), closed(마감), upcoming(접수예정), unknown(기간 미확인) 중 "
    "하나여야 합니다.",
    (
        "region",
        "unknown_region",
    ): "알 수 없는 지역입니다. 시·도 이름(예: 서울, 경기, 대구, 제주)으로 적어 주세요.",
    ("region", "string_too_long"): "지역(region)은 100자 이내여야 합니다.",
    ("ministry", "string_too_long"): "기관(ministry)은 100자 이내여야 합니다.",
    ("comment", "string_too_long"): f"의견(comment)은 {MAX_COMMENT}자 이내여야 합니다.",
    ("file", "missing"): "업로드할 파일(file)이 빠졌습니다.",
    ("age_years", "greater_than_equal"): "업력(age_years)은 0 이상이어야 합니다.",
    ("age_years", "less_than_equal"): "업력(age_years)은 100년 이하여야 합니다.",
    ("revenue_won", "greater_than_equal"): "매출액(revenue_won)은 0 이상이어야 합니다.",
    ("employees", "greater_than_equal"): "직원 수(employees)는 0 이상이어야 합니다.",
    (
        "applicant",
        "literal_error",
    ): "신청자 유형(applicant)은 예비창업자, 소상공인, 중소기업, 중견기업, 대학, "
    "연구기관, 개인 중 하나여야 합니다.",
    ("text", "string_too_long"): f"회사 정보(text)가 너무 깁니다. {MAX_QUESTION}자 이내로 줄여 주세요.",
}

_TYPE_MESSAGES: dict[str, str] = {
    "json_invalid": "요청 본문이 올바른 JSON이 아닙니다. 따옴표, 쉼표, 괄호를 확인해 주세요.",
    "model_attributes_type": "요청 본문은 JSON 객체여야 합니다.",
    "dict_type": "JSON 객체여야 합니다.",
    "model_type": "JSON 객체여야 합니다.",
    "missing": "필수 항목이 빠졌습니다.",
    "string_type": "문자열이어야 합니다.",
    "int_type": "정수여야 합니다.",
    "int_parsing": "정수여야 합니다.",
    "list_type": "목록이어야 합니다.",
    "literal_error": "허용되지 않는 값입니다.",
    "string_too_short": "값이 비어 있습니다.",
    "extra_forbidden": "알 수 없는 항목입니다.",
    "bool_type": "true 또는 false여야 합니다.",
    "bool_parsing": "true 또는 false여야 합니다.",
}


def _field_name(loc: Sequence[Any]) -> str:
    for part in reversed(loc):
        if isinstance(part, str):
            return part
    return ""


def korean_message(error: Mapping[str, Any]) -> str:
    """A Korean, user-facing message for one pydantic/FastAPI validation error."""
    etype = str(error.get("type", ""))
    loc = tuple(error.get("loc", ()))
    field = _field_name(loc)
    if etype == "missing" and loc == ("body",):
        return "요청 본문이 비어 있습니다. JSON 객체를 보내 주세요."
    if (field, etype) in _FIELD_MESSAGES:
        return _FIELD_MESSAGES[(field, etype)]
    ctx = error.get("ctx") or {}
    if etype in ("string_too_long", "too_long") and "max_length" in ctx:
        return f"너무 깁니다. 최대 {ctx['max_length']}{'자' if etype == 'string_too_long' else '개'}까지 허용됩니다."
    if etype == "greater_than_equal" and "ge" in ctx:
        return f"{ctx['ge']} 이상이어야 합니다."
    if etype == "less_than_equal" and "le" in ctx:
        return f"{ctx['le']} 이하여야 합니다."
    if etype == "literal_error" and "expected" in ctx:
        return f"허용되지 않는 값입니다. 가능한 값: {ctx['expected']}"
    return _TYPE_MESSAGES.get(etype, "입력값이 올바르지 않습니다.")


def korean_errors(errors: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"loc": list(e.get("loc", ())), "msg": korean_message(e), "type": str(e.get("type", ""))}
        for e in errors
    ]
