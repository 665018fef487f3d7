"""Persistence for Takeaways: SQLAlchemy models, engine set-up, repositories, migrations."""
