"""One module per nudge trigger. Each updates its own section of the user state in place (the engine
passes a private copy) and returns a ``Hit`` when it fires; delivery is the policy's call."""
