"""The `takeaways` command line and the local console: thin, over the services."""
