"""Takeaways: a Slack bot that keeps what a team learns at conferences."""

__version__ = "0.1.0"
