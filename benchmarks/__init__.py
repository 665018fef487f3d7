"""Benchmarks: synthetic corpora, a labelled relevance set, baselines, latency, memory."""
