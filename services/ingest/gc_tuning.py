"""Keep CPython's cyclic garbage collector off the hot paths of the gateway and the sink.

Measured on the gateway: the collector took ~15 % of its CPU, most of it gen-2 passes re-scanning the
>100,000 objects built at startup (modules, the app, the Kafka/Cassandra clients) that live forever anyway.
`gc.freeze()` moves them out of the collector's sight. Per-reading objects die by reference counting, so a
larger gen-0 threshold only means fewer passes over short-lived survivors (memory stays bounded: the
collector still runs, every 50,000 net allocations instead of 700).
"""

from __future__ import annotations

import gc

GC_GEN0_THRESHOLD = 50_000  # CPython's default is 700; one 100-reading request allocates ~5,000 objects


def tune_gc() -> None:
    """Call once, after startup built everything that lives for the life of the process."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_GEN0_THRESHOLD, 20, 20)
