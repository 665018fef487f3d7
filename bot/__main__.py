"""`python -m bot` is `takeaways`."""

from bot.cli import main

main()
