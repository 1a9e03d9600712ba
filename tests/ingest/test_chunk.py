import hashlib

from ingest.chunk import MAX_CHARS, chunk_document
from ingest.pipeline import build_source_doc
from tests.conftest import SEEDS, real_file


def _doc(path):  # type: ignore[no-untyped-def]
    return build_source_doc(path.read_bytes(), path.name)


def test_chunks_are_verbatim_spans_with_page_and_section() -> None:
    doc = _doc(SEEDS / "2024-12-11_공고_2025년_시군구연고산업육성사업_시행계획_제주_세종.txt")
    chunks = chunk_document(doc)
    assert len(chunks) > 5
    for c in chunks:
        assert doc.text[c.start : c.end] == c.text
        assert c.page == 1
        assert len(c.text) <= MAX_CHARS + 10
    holder = next(c for c in chunks if "기업당 연 최대 5천만원" in c.text)
    assert holder.section.startswith("3. 과제 세부내용 > □")
    assert len({c.chunk_id for c in chunks}) == len(chunks)


def test_chunks_never_cross_a_top_level_section() -> None:
    from ingest.structure import split_sections

    doc = _doc(SEEDS / "2023-04-06_지역중소기업_혁신성장_촉진방안.txt")
    tops = split_sections(doc.doc_id, doc.text)
    for c in chunk_document(doc):
        covering = {s.top for s in tops if s.start < c.end and c.start < s.end}
        assert len(covering) == 1, c.text[:80]


def test_table_rows_stay_whole_and_pages_follow_the_pdf() -> None:
    doc = _doc(real_file("디딤돌_제1차_시행계획_공_88050911370977888.pdf"))
    chunks = chunk_document(doc)
    lines = {ln for ln in doc.text.split("\n") if "\t" in ln and len(ln) < MAX_CHARS}
    for c in chunks:
        for ln in c.text.split("\n"):
            if "\t" in ln and ln not in lines:
                # a row cut in two would not be a full line of the document
                assert any(ln in full for full in lines)
    assert max(c.page for c in chunks) > 1
    assert doc.page_at(chunks[-1].start) == chunks[-1].page


def test_chunk_ids_depend_on_content() -> None:
    path = SEEDS / "2025-01-24_보도자료_지역혁신선도기업육성_RnD_본격_추진.txt"
    a = chunk_document(_doc(path))
    b = chunk_document(_doc(path))
    assert [c.chunk_id for c in a] == [c.chunk_id for c in b]
    assert a[0].doc_id == hashlib.sha256(path.read_bytes()).hexdigest()
