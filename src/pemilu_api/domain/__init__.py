"""The domain: election data, its rules, loading, queries and history (no HTTP, no output format, no URL)."""
