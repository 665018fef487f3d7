"""Import (notes, JSON Lines, CSV) and export (JSON Lines, CSV, Markdown)."""
