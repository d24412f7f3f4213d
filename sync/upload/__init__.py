"""The uploader: sends sealed applications from the store's outbox, with backoff and heartbeats."""
