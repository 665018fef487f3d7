"""Data files shipped with the bot (the glossary)."""
