// Tests for Simulator.
