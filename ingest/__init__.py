"""Ingest: read government documents, analyse Korean text, and index them (Chroma + Kiwi BM25)."""
