// Tests for Learners.
