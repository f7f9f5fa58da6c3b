// Module Replay: see docs/architecture.md.
