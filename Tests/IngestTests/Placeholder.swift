// Tests for Ingest.
