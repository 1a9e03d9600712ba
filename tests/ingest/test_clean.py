"""clean_text: width folding without touching Hangul or structure markers, markup and space cleanup."""

from __future__ import annotations

import unicodedata

from ingest.clean import BULLET, clean_text


def test_full_width_forms_fold_to_ascii() -> None:
    assert clean_text("ＡＢＣ　１２３％") == "ABC 123%"
    assert clean_text("｢중소기업기본법｣") == "「중소기업기본법」"


def test_hangul_stays_precomposed() -> None:
    text = clean_text("지원사업 공고 ㅇ 신청")
    assert text == "지원사업 공고 ㅇ 신청"
    assert unicodedata.is_normalized("NFC", text)
    # decomposed jamo input is composed
    assert clean_text(unicodedata.normalize("NFD", "한글")) == "한글"


def test_structure_markers_and_symbols_survive() -> None:
    for marker in ("①", "②", "➊", "□", "◦", "※", "○", "●", "▪", "Ⅰ.", "㈜", "㎡", "ㅇ"):
        assert clean_text(f"{marker} 내용") == f"{marker} 내용"


def test_private_use_glyphs() -> None:
    assert clean_text("\uf0a7 신청자격") == f"{BULLET} 신청자격"
    assert clean_text("지원\uf0e8대상") == "지원대상"
    assert clean_text("\U000f0854창업지원법\U000f0855") == "「창업지원법」"


def test_html_entities_and_stray_tags() -> None:
    assert clean_text("R&amp;D &lt;참고&gt; it&#39;s") == "R&D <참고> it's"
    assert clean_text("a&nbsp;b") == "a b"
    assert clean_text('<ul style="list-style-type: none"> 기술창출 <li>지원</li></ul>') == "기술창출 지원"
    assert clean_text("첫째<br>둘째") == "첫째 둘째"
    # Korean angle-bracket titles are not HTML
    assert clean_text("< 목 차 >") == "< 목 차 >"


def test_controls_spaces_and_blank_lines() -> None:
    raw = "  제목 \x07  \r\n\n\n\n구분\t 금액 \t비고  \n\x0b\n\n끝\x00 \n\n"
    assert clean_text(raw) == "제목\n\n구분\t금액\t비고\n\n끝"


def test_tabs_and_line_breaks_kept() -> None:
    assert clean_text("a\tb\nc") == "a\tb\nc"
    assert clean_text("") == ""
