"""The inbox, the durable outbox, sending mail and daily digests."""
