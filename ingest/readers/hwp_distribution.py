"""Decrypt the ViewText streams of 배포용 (distribution) HWP 5.0 documents.

Layout of a ``ViewText/Section{n}`` stream (HWP 5.0 format notes; checked against the two 배포용
files in corpus/real):

1. one HWPTAG_DISTRIBUTE_DOC_DATA record (tag 28) with a 256-byte payload. Its first 4 bytes
   (uint32 LE) seed the MSVC ``rand()`` generator; the generator's output XOR-scrambles the
   payload: repeatedly take ``value = rand() & 0xFF`` and ``count = (rand() & 0xF) + 1`` and XOR
   the next ``count`` bytes with ``value``. The sequence runs from byte 0, but the 4 seed bytes
   themselves are left as they are.
2. the AES-128 key is the 16 bytes of the unscrambled payload at ``4 + (seed & 0xF)``.
3. the rest of the stream is AES-128-ECB ciphertext of the (raw-deflate compressed, when the
   FileHeader says so) section records.
"""

from __future__ import annotations

import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from ingest.errors import UnreadableDocument

HWPTAG_DISTRIBUTE_DOC_DATA = 28
_PAYLOAD_SIZE = 256
_AES_BLOCK = 16


class _MsvcRand:
    """The linear congruential generator behind Microsoft C's ``srand``/``rand``."""

    def __init__(self, seed: int) -> None:
        self._state = seed & 0xFFFFFFFF

    def __call__(self) -> int:
        self._state = (self._state * 214013 + 2531011) & 0xFFFFFFFF
        return (self._state >> 16) & 0x7FFF


def _unscramble(payload: bytes) -> bytes:
    seed = struct.unpack_from("<I", payload, 0)[0]
    rand = _MsvcRand(seed)
    out = bytearray(payload)
    i = 0
    while i < _PAYLOAD_SIZE:
        value = rand() & 0xFF
        count = (rand() & 0xF) + 1
        for _ in range(count):
            if i >= _PAYLOAD_SIZE:
                break
            if i >= 4:
                out[i] ^= value
            i += 1
    return bytes(out)


def distribution_key(payload: bytes) -> bytes:
    """The AES-128 key hidden in a 256-byte HWPTAG_DISTRIBUTE_DOC_DATA payload."""
    if len(payload) != _PAYLOAD_SIZE:
        raise UnreadableDocument("배포용 HWP의 암호 정보가 손상되어 내용을 읽을 수 없습니다")
    plain = _unscramble(payload)
    offset = 4 + (plain[0] & 0x0F)
    return plain[offset : offset + 16]


def decrypt_view_text(stream: bytes) -> bytes:
    """Return the decrypted (still possibly compressed) record bytes of one ViewText section."""
    if len(stream) < 4 + _PAYLOAD_SIZE:
        raise UnreadableDocument("배포용 HWP의 본문 스트림이 잘려 있어 내용을 읽을 수 없습니다")
    header = struct.unpack_from("<I", stream, 0)[0]
    tag, size = header & 0x3FF, header >> 20
    if tag != HWPTAG_DISTRIBUTE_DOC_DATA or size != _PAYLOAD_SIZE:
        raise UnreadableDocument("배포용 HWP의 암호 정보 레코드를 찾지 못했습니다")
    key = distribution_key(stream[4 : 4 + _PAYLOAD_SIZE])
    body = stream[4 + _PAYLOAD_SIZE :]
    body = body[: len(body) - len(body) % _AES_BLOCK]
    decryptor = Cipher(algorithms.AES(key), modes.ECB()).decryptor()
    return decryptor.update(body) + decryptor.finalize()
