// Module Simulator: see docs/architecture.md.
