"""Pure domain of the nudge engine: triggers, delivery policy, personalisation, ids.

No I/O, no Kafka, no clock reads: every entry point takes ``now_ms``. The engine keeps exactly one
JSON-serialisable, bounded dict per user (see ``state.py``) so the Quix Streams driver can hold it as a
single state value. Entry points live in ``engine.py``.
"""
