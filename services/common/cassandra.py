"""Cassandra session factory: token-aware routing, LOCAL_QUORUM, bounded retries, prepared statements.

Every service builds one Cluster/Session in its lifespan (never at import) and prepares its statements once.
"""

from __future__ import annotations

from cassandra import ConsistencyLevel
from cassandra.cluster import EXEC_PROFILE_DEFAULT, Cluster, ExecutionProfile, Session
from cassandra.policies import (
    DCAwareRoundRobinPolicy,
    ExponentialReconnectionPolicy,
    RetryPolicy,
    TokenAwarePolicy,
)

from services.common.config import PlatformSettings, get_platform_settings


def build_cluster(settings: PlatformSettings | None = None, *, request_timeout_s: float = 5.0) -> Cluster:
    settings = settings or get_platform_settings()
    profile = ExecutionProfile(
        load_balancing_policy=TokenAwarePolicy(DCAwareRoundRobinPolicy()),
        # LOCAL_QUORUM is ONE on a single local node and a majority of replicas in production.
        consistency_level=ConsistencyLevel.LOCAL_QUORUM,
        # The driver's default policy retries read/write timeouts once where it is safe to do so.
        retry_policy=RetryPolicy(),
        request_timeout=request_timeout_s,
    )
    return Cluster(
        settings.cassandra_contact_points,
        port=settings.cassandra_port,
        execution_profiles={EXEC_PROFILE_DEFAULT: profile},
        reconnection_policy=ExponentialReconnectionPolicy(0.5, 30),
        protocol_version=5,
        connect_timeout=5,
    )


def connect(settings: PlatformSettings | None = None, *, keyspace: bool = True) -> tuple[Cluster, Session]:
    """A connected (cluster, session); the session uses the platform keyspace unless keyspace=False."""
    settings = settings or get_platform_settings()
    cluster = build_cluster(settings)
    session = cluster.connect(settings.cassandra_keyspace if keyspace else None)
    return cluster, session
