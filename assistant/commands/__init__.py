"""One module per CLI command; each stays cheap to import."""
