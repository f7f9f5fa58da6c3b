// Tests for Projections.
