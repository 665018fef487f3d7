"""`python -m bot` is `takeaways`."""

from bot.cli.main import main

main()
