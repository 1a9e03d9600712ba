"""Assistant: retrieval, intent, program resolution and grounded answers over the ingested corpus."""
