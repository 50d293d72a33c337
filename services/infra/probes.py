"""Health probes: each answers 'is this server ready for clients' with a real client request."""

from __future__ import annotations

import logging
import socket

import httpx


def port_open(host: str, port: int, timeout_s: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout_s):
            return True
    except OSError:
        return False


def kafka_ready(bootstrap: str) -> bool:
    host, _, port = bootstrap.rpartition(":")
    if not port_open(host, int(port)):
        return False
    from confluent_kafka.admin import AdminClient

    admin = AdminClient({"bootstrap.servers": bootstrap, "log_level": 0, "logger": _SILENT})
    try:
        metadata = admin.list_topics(timeout=2)
    except Exception:  # noqa: BLE001 - any client error means "not ready yet"
        return False
    return bool(metadata.brokers)


def cassandra_ready(host: str, port: int) -> bool:
    if not port_open(host, port):
        return False
    from cassandra.cluster import Cluster

    cluster = Cluster([host], port=port, connect_timeout=3, control_connection_timeout=3)
    try:
        session = cluster.connect()
        session.execute("SELECT release_version FROM system.local", timeout=3)
        return True
    except Exception:  # noqa: BLE001 - any driver error means "not ready yet"
        return False
    finally:
        cluster.shutdown()


def mongo_ready(url: str) -> bool:
    from pymongo import MongoClient

    client: MongoClient = MongoClient(url, serverSelectionTimeoutMS=1000, connectTimeoutMS=1000)
    try:
        client.admin.command("ping")
        return True
    except Exception:  # noqa: BLE001
        return False
    finally:
        client.close()


def http_ok(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


# librdkafka would print connection-refused lines to stderr while a broker starts; probing expects that.
_SILENT = logging.getLogger("heartwise.infra.probe")
_SILENT.addHandler(logging.NullHandler())
_SILENT.propagate = False
