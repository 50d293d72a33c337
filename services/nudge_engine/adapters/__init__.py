"""I/O of the nudge engine: Quix Streams state, the stream driver, heartbeats, dead letters."""
