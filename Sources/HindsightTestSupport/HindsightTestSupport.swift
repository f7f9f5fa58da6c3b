// Module HindsightTestSupport: see docs/architecture.md.
