// Module HindsightJSON: see docs/architecture.md.
