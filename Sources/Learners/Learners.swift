// Module Learners: see docs/architecture.md.
