"""What the bot does, without Slack and without SQL in sight.

One rule for transactions:

- Use cases open the transaction. A use case is one request, one job run, or one import
  batch: `CommandDispatcher.execute`, `SubmissionService.submit`, `HomeService.snapshot`,
  `FollowupClicks.click`, `DigestRuns.post`, `ReminderRuns.run`, the importer and the
  exporter. Each opens `transaction(sessions)` (bot.services.transactions), which commits
  when the block succeeds, rolls back when it raises, and turns a database outage into a
  clear `Unavailable` error. Nothing is ever half-stored.
- Entity services (`TakeawayService`, `FollowupService`, `DigestService`,
  `ReminderService`, `ChannelConferences`, the search index) take the caller's `Session`
  as their first argument and never commit: several of them can share one transaction
  (a takeaway and its follow-up are stored together, or neither).
- Repositories (storage/) take the session as a keyword argument and never commit.
- Listeners, jobs and the CLI never import `storage` or `sqlalchemy`: they call use cases
  on the `Services` container (tests/unit/test_layers.py keeps it so).

Jobs send through `Delivery` (bot.services.delivery), implemented with Slack in
bot.slack.delivery, so the digest and reminder logic here never touches a WebClient.
"""
