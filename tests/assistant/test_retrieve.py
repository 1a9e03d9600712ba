from assistant.retrieve import fuse


def test_rrf_rewards_agreement() -> None:
    dense = [("a", 0.9), ("b", 0.8), ("c", 0.7)]
    keyword = [("c", 12.0), ("a", 5.0)]
    fused = [cid for cid, _ in fuse([dense, keyword], [1.0, 1.0])]
    assert fused[0] == "a"  # top in one list, second in the other
    assert set(fused) == {"a", "b", "c"}
    assert fused.index("c") < fused.index("b")


def test_weights_shift_the_order() -> None:
    dense = [("a", 0.9), ("b", 0.8)]
    keyword = [("b", 3.0), ("a", 1.0)]
    assert fuse([dense, keyword], [1.0, 0.0])[0][0] == "a"
    assert fuse([dense, keyword], [0.0, 1.0])[0][0] == "b"


def test_hybrid_search_finds_korean_keywords_within_a_program(assistant) -> None:  # type: ignore[no-untyped-def]
    hits = assistant.retriever.retrieve("온라인 접수기간", k=5)
    assert hits and hits[0].rank == 1
    assert any("접수" in h.chunk.text for h in hits)
    doc_id = hits[0].chunk.doc_id
    only = assistant.retriever.retrieve("지원대상", k=5, doc_ids={doc_id})
    assert only and all(h.chunk.doc_id == doc_id for h in only)
