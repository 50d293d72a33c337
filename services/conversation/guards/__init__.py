"""Chat input guards: pure, I/O-free checks run before a message reaches the orchestrator.

Order (see ``pipeline.run_input_guards``): emergency → size → injection → language → topic.
The daily rate limit is checked by the caller after the emergency guard, so an emergency
always gets its reply even when the user is over the limit.
"""
