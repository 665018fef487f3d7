"""The search engine: pure code (no Slack, no SQL) so it can be unit-tested and benchmarked.

- text: normalising, tokenising, light stemming, question words, typo budgets
- glossary: cloud-native terms and acronyms (a data file the importer reuses for tags)
- fuzzy: typo-tolerant lookups in a workspace's vocabulary
- index: one workspace's in-memory inverted index, updated note by note
- query: a question turned into units (words and glossary concepts) to match
- ranking: how units, fields, typos, phrases and recency combine into a score
- suggest: "did you mean" when nothing matches
"""
