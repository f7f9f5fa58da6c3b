// Module Projections: see docs/architecture.md.
