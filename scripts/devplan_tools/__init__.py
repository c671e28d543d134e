"""Python helpers for devplan's scripts and tests: running the suite, stubs, sample data."""
