"""Retention by TTL, as Cassandra reports it: chat 30 days, readings 7 years, audit 7 years."""

from __future__ import annotations

import uuid

import pytest

from services.audit.config import AUDIT_RETENTION_S
from services.common.config import get_platform_settings

pytestmark = pytest.mark.usefixtures("stack")

SEVEN_YEARS_S = 220_898_482  # 7 x 365.2425 days
THIRTY_DAYS_S = 30 * 86_400
AUDIT_TABLES = {"audit_log", "audit_chain_heads", "audit_event_keys", "audit_by_subject", "audit_by_actor"}
# Mirrors the compacted preferences topic (latest snapshot forever), so it has no TTL on purpose.
NOT_RETENTION_BOUND = {"audit_user_birth_years"}


def _ttls(session) -> dict[str, int]:  # type: ignore[no-untyped-def]
    keyspace = get_platform_settings().cassandra_keyspace
    rows = session.execute(
        "SELECT table_name, default_time_to_live FROM system_schema.tables WHERE keyspace_name = %s", (keyspace,))
    ttls = {row.table_name: row.default_time_to_live for row in rows}
    # Counter tables can't carry a TTL (Cassandra refuses it) and hold counts, not content: not checked here.
    columns = session.execute("SELECT table_name, type FROM system_schema.columns WHERE keyspace_name = %s",
                              (keyspace,))
    for table in {row.table_name for row in columns if row.type == "counter"}:
        ttls.pop(table, None)
    return ttls


def test_every_table_that_exists_keeps_its_data_for_its_retention():
    from services.common.cassandra import connect

    cluster, session = connect()
    try:
        ttls = _ttls(session)
        assert AUDIT_RETENTION_S == SEVEN_YEARS_S
        for table in AUDIT_TABLES:
            assert ttls[table] == SEVEN_YEARS_S, table
        assert ttls["audit_user_birth_years"] == 0
        checked = set(AUDIT_TABLES)
        for table, ttl in ttls.items():
            if table.startswith("audit_") and table not in NOT_RETENTION_BOUND:
                assert ttl == SEVEN_YEARS_S, table  # a future audit table must keep 7 years too
                checked.add(table)
            elif table.startswith(("reading", "readings")):
                assert ttl == SEVEN_YEARS_S, table
                checked.add(table)
            elif table.startswith(("chat", "conversation", "message")):
                assert ttl == THIRTY_DAYS_S, table
                checked.add(table)
        assert {"readings_by_user", "reading_ids"} <= checked  # the foundation's readings tables exist
        # Chat content, where the conversation service has created its tables (built in parallel).
        assert all(ttls[t] == THIRTY_DAYS_S for t in ("chat_turns", "conversations_by_user") if t in ttls)

        # A row written without an explicit TTL really gets the table's: one that expires in 7 years.
        key = f"retention-probe-{uuid.uuid4().hex}"
        session.execute("INSERT INTO audit_event_keys (event_key, chain_id, seq, analytics_done) "
                        "VALUES (%s, %s, %s, %s)", (key, "1970-01-01:p0", 1, True))
        remaining = session.execute("SELECT TTL(chain_id) AS ttl FROM audit_event_keys WHERE event_key = %s",
                                    (key,)).one().ttl
        session.execute("DELETE FROM audit_event_keys WHERE event_key = %s", (key,))
        assert SEVEN_YEARS_S - 60 < remaining <= SEVEN_YEARS_S
    finally:
        cluster.shutdown()
