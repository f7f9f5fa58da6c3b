// Tests for HindsightJSON.
