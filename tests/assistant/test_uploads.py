"""Safe storing of uploads: names, size limit, atomic replace, admin token."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import unicodedata
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.replacement_log import ReplacementLog
from assistant.upload_swap import Who, place_upload
from assistant.uploads import (
    MAX_NAME_BYTES,
    BadAdminToken,
    InvalidFileName,
    NameTaken,
    UploadRejected,
    UploadsDisabled,
    UploadTooLarge,
    check_admin_token,
    safe_filename,
    spool_upload,
    store_upload,
)
from ingest.types import FileReport
from tests.assistant.light_app import ADMIN_TOKEN
from tests.hostile import deep_hwpx, deep_pdf, hwpx_bomb

SEED = next((Path(__file__).resolve().parents[2] / "corpus" / "seeds").glob("*.txt"))


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("공고문_2025년.hwp", "공고문_2025년.hwp"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\공고.pdf", "공고.pdf"),
        (".숨김파일.txt", "숨김파일.txt"),
        ("[공고] 2025년 팁스(TIPS) 지원계획.pdf", "_공고_ 2025년 팁스(TIPS) 지원계획.pdf"),
        ("a<b>:c|d?.txt", "a_b_c_d_.txt"),
        ("줄\n바꿈\x00.txt", "줄바꿈.txt"),
        (unicodedata.normalize("NFD", "팁스.hwpx"), "팁스.hwpx"),  # macOS sends decomposed Hangul
    ],
)
def test_safe_filename(raw: str, safe: str) -> None:
    assert safe_filename(raw) == safe


def test_safe_filename_keeps_extension_when_shortening() -> None:
    name = safe_filename("가" * 400 + ".hwpx")
    assert name.endswith(".hwpx") and len(name.encode()) <= MAX_NAME_BYTES


@pytest.mark.parametrize("raw", ["", "..", "../", "...", ".pdf/..", "  "])
def test_safe_filename_refuses_nothing_left(raw: str) -> None:
    with pytest.raises(InvalidFileName) as info:
        safe_filename(raw)
    assert "파일 이름" in info.value.reason


def test_store_upload_writes_and_replaces_only_when_asked(tmp_path: Path) -> None:
    data = SEED.read_bytes()
    path = store_upload(io.BytesIO(data), "../시험/공고.txt", tmp_path / "corpus", max_bytes=len(data))
    assert path == tmp_path / "corpus" / "공고.txt" and path.read_bytes() == data
    with pytest.raises(NameTaken) as info:
        store_upload(io.BytesIO(data[:100]), "공고.txt", tmp_path / "corpus", max_bytes=len(data))
    assert "같은 이름" in info.value.reason and "replace=true" in info.value.reason
    assert path.read_bytes() == data
    again = store_upload(
        io.BytesIO(data[:100]), "공고.txt", tmp_path / "corpus", max_bytes=len(data), replace=True
    )
    assert again == path and path.read_bytes() == data[:100]
    assert [p.name for p in (tmp_path / "corpus").iterdir()] == ["공고.txt"]


def test_store_upload_too_large_leaves_nothing(tmp_path: Path) -> None:
    data = SEED.read_bytes()
    with pytest.raises(UploadTooLarge) as info:
        store_upload(io.BytesIO(data), "공고.txt", tmp_path, max_bytes=len(data) - 1)
    assert "너무 큽니다" in info.value.reason
    assert list(tmp_path.iterdir()) == []


def test_store_upload_refuses_empty_file(tmp_path: Path) -> None:
    with pytest.raises(UploadRejected, match="빈 파일"):
        store_upload(io.BytesIO(b""), "공고.txt", tmp_path, max_bytes=10)
    assert list(tmp_path.iterdir()) == []


def test_check_admin_token() -> None:
    check_admin_token("s3cret", "s3cret")
    with pytest.raises(UploadsDisabled):
        check_admin_token(None, "anything")
    with pytest.raises(UploadsDisabled):
        check_admin_token("  ", "")
    with pytest.raises(BadAdminToken):
        check_admin_token("s3cret", None)
    with pytest.raises(BadAdminToken):
        check_admin_token("s3cret", "S3CRET")


# ---------------------------------------------------------------- names cut by bytes, hostile uploads


@pytest.mark.parametrize(
    "raw",
    [
        "가" * 84 + ".txt",  # 256 bytes: one over the file-system limit
        "가" * 400 + ".hwpx",
        "공고" * 200,  # no extension
        "𠀀" * 100 + ".pdf",  # 4-byte characters (CJK extension B)
        "a" * 300 + ".hwpx",
    ],
)
def test_long_names_fit_the_file_system(tmp_path: Path, raw: str) -> None:
    name = safe_filename(raw)
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
    assert name.encode("utf-8").decode("utf-8") == name  # no character cut in half
    if "." in raw:
        assert name.endswith(raw[raw.rindex(".") :])
    path = store_upload(io.BytesIO(b"content"), raw, tmp_path, max_bytes=1024)  # os.replace succeeds
    assert path.name == name and path.read_bytes() == b"content"


def test_names_within_the_limit_are_kept_whole() -> None:
    name = "가" * 83 + ".txt"  # 253 bytes
    assert safe_filename(name) == name


def test_http_upload_with_a_long_korean_name(light_client: TestClient) -> None:
    seed = SEED.read_bytes()
    r = light_client.post(
        "/v1/documents",
        files={"file": ("지원사업공고" * 30 + ".txt", seed)},
        headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "indexed" and len(body["source"].encode()) <= MAX_NAME_BYTES


def test_http_upload_of_a_crafted_file_is_a_refusal_not_a_500(light_client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    for name, data, words in (
        ("deep.hwpx", deep_hwpx(5000), "중첩"),
        ("deep.pdf", deep_pdf(100_000), "중첩"),
        ("bomb.hwpx", hwpx_bomb(mib=200), "압축 폭탄"),
    ):
        r = light_client.post("/v1/documents", files={"file": (name, data)}, headers=auth)
        assert r.status_code == 422, (name, r.text)
        assert r.json()["status"] == "error" and words in r.json()["error"], r.json()


# ---------------------------------------------------------------- same-name uploads (reader-only assistant)

AUTH = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def _corpus(client: TestClient) -> Path:
    return Path(client.app.state.giljabi.settings.corpus)  # type: ignore[attr-defined]


def test_http_same_name_upload_is_a_409_unless_replace_is_asked(light_client: TestClient) -> None:
    seed = SEED.read_bytes()
    first = light_client.post("/v1/documents", files={"file": ("공고.txt", seed)}, headers=AUTH)
    assert first.status_code == 200 and first.json()["replaced"] is False
    newer = seed + "\n※ 변경된 판\n".encode()
    r = light_client.post("/v1/documents", files={"file": ("공고.txt", newer)}, headers=AUTH)
    assert r.status_code == 409 and "같은 이름" in r.json()["detail"] and "replace=true" in r.json()["detail"]
    assert (_corpus(light_client) / "공고.txt").read_bytes() == seed
    assert light_client.get("/v1/documents").json()["replacements"] == []

    r = light_client.post(
        "/v1/documents", files={"file": ("공고.txt", newer)}, data={"replace": "true"}, headers=AUTH
    )
    assert r.status_code == 200, r.text
    assert r.json()["replaced"] is True and r.json()["restored"] is False and r.json()["note"]
    assert (_corpus(light_client) / "공고.txt").read_bytes() == newer
    assert not list((_corpus(light_client) / ".replaced").iterdir())  # the old file is gone once indexed
    assert not list(_corpus(light_client).glob(".upload-*"))
    [entry] = light_client.get("/v1/documents").json()["replacements"]
    assert entry["source"] == "공고.txt" and entry["outcome"] == "replaced"
    assert entry["who"] == "관리자 토큰" and entry["client"] == "testclient"
    assert entry["old_doc_id"] == hashlib.sha256(seed).hexdigest()
    assert entry["new_doc_id"] == hashlib.sha256(newer).hexdigest()
    assert dt.datetime.fromisoformat(entry["at"]).tzinfo is not None


def test_http_replace_by_query_and_restore_when_the_new_file_is_refused(light_client: TestClient) -> None:
    seed = SEED.read_bytes()
    assert light_client.post("/v1/documents", files={"file": ("공고.hwpx", seed)}, headers=AUTH).is_success
    r = light_client.post(
        "/v1/documents?replace=true", files={"file": ("공고.hwpx", deep_hwpx(5000))}, headers=AUTH
    )
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["status"] == "error" and "중첩" in body["error"]
    assert body["restored"] is True and body["replaced"] is False and "되돌려" in body["note"]
    assert (_corpus(light_client) / "공고.hwpx").read_bytes() == seed  # the old file is back
    assert not list((_corpus(light_client) / ".replaced").iterdir())
    [entry] = light_client.get("/v1/documents").json()["replacements"]
    assert entry["outcome"] == "restored" and "중첩" in entry["reason"]
    assert entry["old_doc_id"] == hashlib.sha256(seed).hexdigest()
    log = Path(light_client.app.state.giljabi.settings.home) / "uploads" / "replacements.jsonl"  # type: ignore[attr-defined]
    assert len(log.read_text(encoding="utf-8").splitlines()) == 1


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_http_replace_flag_must_be_a_boolean(light_client: TestClient, value: str) -> None:
    r = light_client.post(
        "/v1/documents",
        files={"file": ("공고.txt", SEED.read_bytes())},
        data={"replace": value},
        headers=AUTH,
    )
    assert r.status_code == 422
    assert "replace는 true 또는 false" in r.json()["detail"][0]["msg"]
    assert not (_corpus(light_client) / "공고.txt").exists()


def test_a_replacement_whose_indexing_raises_puts_the_old_file_back(tmp_path: Path) -> None:
    """The index itself failing (a full disk, a broken store) is outside the readers: the error goes on
    to the caller, and the old file is back under its name, indexed again."""
    corpus = tmp_path / "corpus"
    seed = SEED.read_bytes()
    old = store_upload(io.BytesIO(seed), "공고.txt", corpus, max_bytes=len(seed))
    indexed: list[bytes] = []

    def ingest(path: Path) -> FileReport:
        if not indexed:
            indexed.append(path.read_bytes())
            raise OSError(28, "No space left on device")
        indexed.append(path.read_bytes())
        return FileReport(path.name, hashlib.sha256(indexed[-1]).hexdigest(), "txt", 1, 1, "indexed")

    log = ReplacementLog.in_home(tmp_path / "home")
    newer = seed + "\n※ 변경\n".encode()
    spooled = spool_upload(io.BytesIO(newer), "공고.txt", corpus, max_bytes=len(newer))
    with pytest.raises(OSError, match="No space"):
        place_upload(spooled, True, ingest, log, Who("관리자 토큰", "127.0.0.1"))
    assert indexed == [newer, seed]  # the new file was tried, then the old one indexed again
    assert old.read_bytes() == seed and not spooled.tmp.exists()
    assert sorted(p.name for p in corpus.iterdir()) == [".replaced", "공고.txt"]
    [entry] = log.recent()
    assert (entry.outcome, entry.reason, entry.client) == ("restored", "색인 중 오류", "127.0.0.1")


def test_an_old_file_left_aside_by_a_killed_replacement_goes_back_under_its_free_name(
    light_client: TestClient,
) -> None:
    corpus = _corpus(light_client)
    (corpus / ".replaced").mkdir(parents=True)
    seed = SEED.read_bytes()
    (corpus / ".replaced" / "공고.txt").write_bytes(seed)  # what a kill between the two moves leaves
    r = light_client.post("/v1/documents", files={"file": ("다른공고.txt", seed + b"\n")}, headers=AUTH)
    assert r.status_code == 200
    assert (corpus / "공고.txt").read_bytes() == seed and not list((corpus / ".replaced").iterdir())
    r = light_client.post("/v1/documents", files={"file": ("공고.txt", seed + b"\n\n")}, headers=AUTH)
    assert r.status_code == 409  # the name is taken again: replacing needs the flag
