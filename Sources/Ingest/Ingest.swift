// Module Ingest: see docs/architecture.md.
