"""Feature flags for the phased rollout (internal → 1,000-user beta → 10 % → 100 %), changed at runtime.

A flag is a ``FlagDefinition`` on the compacted topic ``flags.v1`` (key = flag name, the latest record is the
flag's state, a tombstone deletes it). Every service follows the topic in a ``FlagStore`` and asks it per
user; operators change flags with ``heartwise flags ...``, which writes the new definition and its
``audit.v1`` record in one Kafka transaction (both or neither).

    from services.common.flags import LLM_ORCHESTRATOR, FlagStore, nudge_flag

    flags = FlagStore(settings.platform).start()        # lifespan / worker main; stop() on shutdown
    flags.wait_ready(5.0)                                # optional: code defaults answer until caught up
    if flags.is_enabled(LLM_ORCHESTRATOR, user_id): ...
    if flags.is_enabled(nudge_flag("step_goal"), user_id): ...

Evaluation, for one user (``evaluate``): a disabled flag (kill switch) is off for everyone; a member of one of
the flag's cohorts gets it; anyone else gets it when their bucket of the flag name falls within ``percent``
(``services.common.rollout``: the same sha256 bucketing as the nudge A/B experiments). A flag without a
definition on the topic takes its code default from ``KNOWN_FLAGS``.

Cohorts (``Cohorts``, from ``HEARTWISE_FLAG_*`` settings):
- ``internal``: the ids in ``HEARTWISE_FLAG_INTERNAL_USERS`` plus every id starting with one of
  ``HEARTWISE_FLAG_INTERNAL_PREFIXES`` (default ``staff-``).
- ``beta``: the ids in ``HEARTWISE_FLAG_BETA_USERS`` (recruited testers) plus a deterministic hash slice
  sized for the plan's 1,000-user beta: users whose ``bucket(user_id, "beta-cohort")`` is below
  ``round(BETA_SIZE * BUCKETS / EXPECTED_USERS)`` (1,000 of the plan's 100,000 users → 100 of 10,000
  buckets, 1 %). The slice needs no list to distribute, is the same in every service and for every flag
  (beta testers see all beta features together), is independent of each flag's own percent slice (other
  salt), and a user's membership never changes unless an operator changes the sizes.

Stages (``STAGES``, ``heartwise flags rollout NAME --stage ...``), each a superset of the one before, so a
user who has a feature keeps it as the rollout advances: ``internal`` (internal cohort, 0 %), ``beta``
(internal + beta, 0 %), ``10`` (internal + beta, 10 %), ``100`` (everyone).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import httpx
from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.schema_registry.error import SchemaRegistryError
from prometheus_client import Counter
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.common.config import PlatformSettings, get_platform_settings
from services.common.contracts import Topic
from services.common.kafka import AvroCodec, producer_config
from services.common.logging import get_logger
from services.common.rollout import BUCKETS, bucket, in_rollout

log = get_logger(__name__)

FLAG_RECORDS = Counter("heartwise_flag_records_total", "flags.v1 records read by FlagStores",
                       ["outcome"])  # applied | deleted | skipped (undecodable or invalid: previous kept)

# --- the flags: every name and its code default, in one place ----------------------------------------------

LLM_ORCHESTRATOR = "llm_orchestrator"
GUARDS_V2 = "guards.v2"
# The nudge triggers (CONTRIBUTING.md vocabulary, nudges.v1 NudgeTrigger); a unit test keeps them in step.
NUDGE_TRIGGERS = ("step_goal", "bp_change", "sleep_pattern", "inactivity", "stale_data")


def nudge_flag(trigger: str) -> str:
    """The flag gating one nudge trigger, e.g. ``nudge.step_goal``."""
    return f"nudge.{trigger}"


# name -> code default, used while the topic holds no definition of the flag. The LLM orchestrator (a new,
# paid code path) starts off. Guard version 2 (rules + learned layer) starts ON: it catches more emergencies
# than the rules alone on unseen phrasing (loadtest/guard_scores.py), and a missed emergency costs more than
# a false alarm; the flag is the operator's way back to v1. The nudge triggers run for everyone and stay on.
KNOWN_FLAGS: Mapping[str, bool] = MappingProxyType({
    LLM_ORCHESTRATOR: False,
    **{nudge_flag(trigger): True for trigger in NUDGE_TRIGGERS},
    GUARDS_V2: True,
})

# --- cohorts and rollout stages ------------------------------------------------------------------------------

INTERNAL = "internal"
BETA = "beta"
COHORTS = (INTERNAL, BETA)
BETA_SIZE = 1_000  # the plan's launch: a 1,000-user beta
EXPECTED_USERS = 100_000  # the plan's target population ("100,000+ users")
BETA_COHORT_SALT = "beta-cohort"  # not a flag name: the beta slice is the same for every flag

# stage -> (percent, cohorts): the plan's phases, each a superset of the previous one.
STAGES: Mapping[str, tuple[int, tuple[str, ...]]] = MappingProxyType({
    "internal": (0, (INTERNAL,)),
    "beta": (0, (INTERNAL, BETA)),
    "10": (10, (INTERNAL, BETA)),
    "100": (100, (INTERNAL, BETA)),
})


class FlagSettings(BaseSettings):
    """Cohort membership, from ``HEARTWISE_FLAG_*`` (comma-separated lists)."""

    model_config = SettingsConfigDict(env_prefix="HEARTWISE_FLAG_", env_file=".env", extra="ignore")

    internal_users: str = ""  # exact user ids of staff and test accounts
    internal_prefixes: str = "staff-"  # user ids starting with one of these are internal
    beta_users: str = ""  # exact user ids of recruited beta testers (in addition to the hash slice)
    beta_size: int = BETA_SIZE  # users wanted in the hash slice; 0 = the explicit list only
    expected_users: int = EXPECTED_USERS  # population the slice is sized for


@lru_cache(maxsize=1)
def get_flag_settings() -> FlagSettings:
    return FlagSettings()


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


@dataclass(frozen=True)
class Cohorts:
    """Which cohorts a user belongs to: a pure rule, built once from settings."""

    internal_users: frozenset[str] = frozenset()
    internal_prefixes: tuple[str, ...] = ()
    beta_users: frozenset[str] = frozenset()
    beta_buckets: int = 0  # users with bucket(user_id, BETA_COHORT_SALT) below this are beta

    @classmethod
    def from_settings(cls, settings: FlagSettings | None = None) -> Cohorts:
        s = settings or get_flag_settings()
        if s.beta_size < 0 or s.expected_users < 1:
            raise ValueError("HEARTWISE_FLAG_BETA_SIZE must be >= 0 and HEARTWISE_FLAG_EXPECTED_USERS >= 1")
        return cls(
            internal_users=frozenset(_split(s.internal_users)),
            internal_prefixes=_split(s.internal_prefixes),
            beta_users=frozenset(_split(s.beta_users)),
            beta_buckets=min(BUCKETS, round(s.beta_size * BUCKETS / s.expected_users)),
        )

    def of(self, user_id: str) -> frozenset[str]:
        found = set()
        if user_id in self.internal_users or user_id.startswith(self.internal_prefixes):
            found.add(INTERNAL)
        if user_id in self.beta_users or bucket(user_id, BETA_COHORT_SALT) < self.beta_buckets:
            found.add(BETA)
        return frozenset(found)


# --- definitions and evaluation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FlagDefinition:
    """One flags.v1 record (field names as in schemas/flags.v1.avsc)."""

    name: str
    enabled: bool
    percent: int
    cohorts: tuple[str, ...] = ()
    updated_at: int = 0
    updated_by: str = ""
    description: str = ""

    def __post_init__(self) -> None:
        if not self.name:
            raise ValueError("a flag needs a name")
        if isinstance(self.percent, bool) or not isinstance(self.percent, int) or not 0 <= self.percent <= 100:
            raise ValueError(f"flag {self.name!r}: percent must be an integer within 0..100")
        object.__setattr__(self, "cohorts", tuple(self.cohorts))

    @classmethod
    def from_record(cls, value: Mapping[str, Any]) -> FlagDefinition:
        return cls(name=value["name"], enabled=value["enabled"], percent=value["percent"],
                   cohorts=tuple(value.get("cohorts") or ()), updated_at=value["updated_at"],
                   updated_by=value["updated_by"], description=value.get("description") or "")

    def to_record(self) -> dict[str, Any]:
        return {"name": self.name, "enabled": self.enabled, "percent": self.percent, "cohorts": list(self.cohorts),
                "updated_at": self.updated_at, "updated_by": self.updated_by, "description": self.description}

    def same_rule(self, other: FlagDefinition | None) -> bool:
        """True when ``other`` gives every user the same answer and says the same (who/when aside)."""
        return other is not None and (self.name, self.enabled, self.percent, set(self.cohorts), self.description) \
            == (other.name, other.enabled, other.percent, set(other.cohorts), other.description)


def evaluate(flag: FlagDefinition | None, user_id: str, cohorts_of_user: Collection[str], *,
             default: bool = False) -> bool:
    """Whether ``user_id`` gets the flag. No definition → ``default``; disabled → False (the kill switch
    wins over everything); in one of the flag's cohorts → True; else the user's bucket of the flag name."""
    if flag is None:
        return default
    if not flag.enabled:
        return False
    if any(cohort in cohorts_of_user for cohort in flag.cohorts):
        return True
    return in_rollout(user_id, flag.name, flag.percent)


def default_definition(name: str) -> FlagDefinition:
    """The definition equivalent to a flag's code default: on for everyone, or on for nobody (but enabled,
    so adding cohorts or a percent is all it takes to start a rollout)."""
    return FlagDefinition(name=name, enabled=True, percent=100 if known_default(name) else 0)


def known_default(name: str) -> bool:
    try:
        return KNOWN_FLAGS[name]
    except KeyError:
        raise KeyError(f"unknown flag {name!r}; known flags: {', '.join(KNOWN_FLAGS)}") from None


def describe(flag: FlagDefinition) -> str:
    """One line for operators, e.g. ``on: internal,beta + 10 %`` or ``off (kill switch; when enabled: internal)``."""
    parts = [",".join(flag.cohorts)] if flag.cohorts else []
    if flag.percent:
        parts.append(f"{flag.percent} %")
    who = "everyone" if flag.percent == 100 else " + ".join(parts) or "nobody"
    return f"on: {who}" if flag.enabled else f"off (kill switch; when enabled: {who})"


def check_cohorts(cohorts: Iterable[str]) -> tuple[str, ...]:
    """The cohort names in a stable order without duplicates; ValueError for a name outside ``COHORTS``."""
    wanted = set(cohorts)
    unknown = wanted - set(COHORTS)
    if unknown:
        raise ValueError(f"unknown cohort(s) {', '.join(sorted(unknown))}; known: {', '.join(COHORTS)}")
    return tuple(c for c in COHORTS if c in wanted)


# --- changes (what `heartwise flags` does) ------------------------------------------------------------------


@dataclass(frozen=True)
class FlagChange:
    """One operator change: the definition before (None: the flag had only its code default) and after."""

    before: FlagDefinition | None
    after: FlagDefinition
    stage: str | None = None

    @property
    def changed(self) -> bool:
        return not self.after.same_rule(self.before or default_definition(self.after.name))

    @property
    def actor(self) -> str:
        return f"operator:{self.after.updated_by}"

    def audit_event(self, *, now_ms: int, event_id: str | None = None) -> dict[str, Any]:
        """The ``audit.v1`` AuditEvent of this change (key: the actor; no user's data is touched)."""
        old = self.before or default_definition(self.after.name)
        new = self.after
        details = {
            "old_enabled": str(old.enabled).lower(), "new_enabled": str(new.enabled).lower(),
            "old_percent": str(old.percent), "new_percent": str(new.percent),
            "old_cohorts": ",".join(old.cohorts), "new_cohorts": ",".join(new.cohorts),
            "old_source": "topic" if self.before is not None else "code_default",
        }
        if self.stage is not None:
            details["stage"] = self.stage
        return {
            "event_id": event_id or f"flag-{uuid.uuid4().hex}",
            "occurred_at": now_ms,
            "actor": self.actor,
            "action": "flag.changed",
            "resource": f"flag/{new.name}",
            "subject": None,
            "outcome": "success",
            "service": "cli",
            "details": details,
        }


def plan_change(current: FlagDefinition | None, name: str, *, by: str, now_ms: int, enabled: bool | None = None,
                percent: int | None = None, cohorts: Iterable[str] | None = None,
                description: str | None = None, stage: str | None = None) -> FlagChange:
    """The change ``heartwise flags set`` makes: options left as None keep the current value (or the code
    default's, for a flag the topic does not hold yet)."""
    known_default(name)
    if not by:
        raise ValueError("an operator id (--by) is required: every change is audited")
    base = current or default_definition(name)
    after = FlagDefinition(
        name=name,
        enabled=base.enabled if enabled is None else enabled,
        percent=base.percent if percent is None else percent,
        cohorts=check_cohorts(base.cohorts if cohorts is None else cohorts),
        updated_at=now_ms,
        updated_by=by,
        description=base.description if description is None else description,
    )
    return FlagChange(before=current, after=after, stage=stage)


def plan_stage(current: FlagDefinition | None, name: str, stage: str, *, by: str, now_ms: int) -> FlagChange:
    """The change of ``heartwise flags rollout NAME --stage STAGE``: enabled, with the stage's cohorts and
    percent."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}; stages: {', '.join(STAGES)}")
    percent, cohorts = STAGES[stage]
    return plan_change(current, name, by=by, now_ms=now_ms, enabled=True, percent=percent, cohorts=cohorts,
                       stage=stage)


def publish_change(change: FlagChange, settings: PlatformSettings | None = None, *, codec: AvroCodec | None = None,
                   timeout_s: float = 30.0) -> None:
    """Write the new definition to ``flags.v1`` and its ``audit.v1`` event in one Kafka transaction, so a
    change is never live without its audit record (consumers read committed records only, librdkafka's
    default). Raises ``KafkaException`` (transaction aborted, nothing visible) when the broker refuses."""
    settings = settings or get_platform_settings()
    codec = codec or AvroCodec(settings)
    flag_value = codec.encode(Topic.FLAGS, change.after.to_record())  # encode first: a bad record sends nothing
    audit_value = codec.encode(Topic.AUDIT, change.audit_event(now_ms=change.after.updated_at))
    producer = Producer(producer_config(settings, **{"transactional.id": f"heartwise-flags-{uuid.uuid4().hex}",
                                                     "linger.ms": 0}))
    producer.init_transactions(timeout_s)
    producer.begin_transaction()
    try:
        producer.produce(Topic.FLAGS, key=change.after.name.encode(), value=flag_value)
        producer.produce(Topic.AUDIT, key=change.actor.encode(), value=audit_value)
        producer.commit_transaction(timeout_s)
    except BaseException:
        producer.abort_transaction(timeout_s)
        raise
    log.info("flag_changed", flag=change.after.name, enabled=change.after.enabled, percent=change.after.percent,
             cohorts=",".join(change.after.cohorts), actor=change.actor)


# --- the store every service keeps --------------------------------------------------------------------------


class FlagStoreUnavailable(RuntimeError):
    """The store did not catch up with flags.v1 in time (Kafka down, or the topic missing: run bootstrap)."""


@dataclass
class _Follow:
    """One connection's reading of the topic: from the beginning, into ``state``, published once synced."""

    consumer: Consumer
    partitions: list[TopicPartition]
    caught_up: set[int] = field(default_factory=set)  # partitions read to the end as it was at connect
    state: dict[str, FlagDefinition] = field(default_factory=dict)
    synced: bool = False


class FlagStore:
    """The latest definition of every flag, followed from ``flags.v1`` by a background thread.

    The thread reads the compacted topic from the beginning (own consumer group, nothing committed), then
    keeps following it, so a change reaches ``is_enabled`` within about a poll interval, without a restart.
    Until it has caught up with the end of the topic as it was at start, every flag answers its code default
    (never a half-read state). A record it cannot decode or validate is skipped and the flag keeps its
    previous definition; a tombstone deletes the definition (code default again). Reads never block and
    never touch Kafka: ``is_enabled`` costs a dict lookup and one or two sha256 hashes.
    """

    def __init__(self, settings: PlatformSettings | None = None, *, cohorts: Cohorts | None = None,
                 codec: AvroCodec | None = None, poll_timeout_s: float = 0.25) -> None:
        self._settings = settings
        self.cohorts = cohorts or Cohorts.from_settings()
        self._codec = codec
        self.poll_timeout_s = poll_timeout_s
        self._flags: Mapping[str, FlagDefinition] = MappingProxyType({})  # replaced whole, never mutated
        self._ready = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @classmethod
    def with_definitions(cls, definitions: Iterable[FlagDefinition], *, cohorts: Cohorts | None = None) -> FlagStore:
        """A store that holds fixed definitions and follows nothing: for tests of code that asks flags."""
        store = cls(cohorts=cohorts or Cohorts())
        store._flags = MappingProxyType({definition.name: definition for definition in definitions})
        store._ready.set()
        return store

    # -- asking ------------------------------------------------------------------------------------------

    def is_enabled(self, name: str, user_id: str) -> bool:
        """Whether ``user_id`` gets flag ``name``; KeyError for a name not in ``KNOWN_FLAGS`` (a typo in code
        must fail loudly, not read as off)."""
        default = known_default(name)
        flag = self._flags.get(name)
        if flag is None or not flag.enabled:
            return evaluate(flag, user_id, (), default=default)
        return evaluate(flag, user_id, self.cohorts.of(user_id) if flag.cohorts else (), default=default)

    def get(self, name: str) -> FlagDefinition | None:
        """The flag's definition from the topic, None while it has none (or before the store caught up)."""
        return self._flags.get(name)

    def snapshot(self) -> dict[str, FlagDefinition]:
        return dict(self._flags)

    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    # -- lifecycle ------------------------------------------------------------------------------------------

    def start(self) -> FlagStore:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="flag-store", daemon=True)
            self._thread.start()
        return self

    def wait_ready(self, timeout_s: float = 10.0) -> bool:
        """Block until the store has caught up with the topic (True), or ``timeout_s`` passed (False)."""
        return self._ready.wait(timeout_s)

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def __enter__(self) -> FlagStore:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # -- following the topic ------------------------------------------------------------------------------

    @property
    def settings(self) -> PlatformSettings:
        if self._settings is None:
            self._settings = get_platform_settings()
        return self._settings

    def _connect(self) -> _Follow:
        settings = self.settings
        consumer = Consumer({
            "bootstrap.servers": settings.kafka_bootstrap,
            # Own group per store, nothing ever committed: each instance reads the whole topic.
            "group.id": f"{settings.consumer_group('flag-store')}.{uuid.uuid4().hex[:12]}",
            "enable.auto.commit": False,
            "enable.partition.eof": True,
            "isolation.level": "read_committed",  # a change is visible only with its audit record
        })
        try:
            metadata = consumer.list_topics(Topic.FLAGS, timeout=10).topics[Topic.FLAGS]
            if metadata.error is not None:
                raise KafkaException(metadata.error)
            partitions = [TopicPartition(Topic.FLAGS, p, OFFSET_BEGINNING) for p in sorted(metadata.partitions)]
            follow = _Follow(consumer, partitions)
            for tp in partitions:  # empty partitions are caught up already (no EOF event is guaranteed)
                low, high = consumer.get_watermark_offsets(tp, timeout=10)
                if high <= low:
                    follow.caught_up.add(tp.partition)
            consumer.assign(partitions)
            return follow
        except BaseException:
            consumer.close()
            raise

    def _run(self) -> None:
        # Hand-written reconnect loop rather than tenacity: the wait must end the moment stop() is called.
        backoff_s = 0.5
        follow: _Follow | None = None
        while not self._stopping.is_set():
            try:
                if follow is None:
                    follow = self._connect()
                    self._check_caught_up(follow)
                self._poll(follow)
                backoff_s = 0.5
            except Exception as error:  # noqa: BLE001 - keep serving the last good state and retry
                log.warning("flag_store_error", error=f"{type(error).__name__}: {error}"[:300])
                if follow is not None:  # re-read from the start; meanwhile answer from the last published state
                    follow.consumer.close()
                    follow = None
                self._stopping.wait(backoff_s)
                backoff_s = min(backoff_s * 2, 10.0)
        if follow is not None:
            follow.consumer.close()

    def _poll(self, follow: _Follow) -> None:
        changed = False
        for message in follow.consumer.consume(500, self.poll_timeout_s):
            error = message.error()
            if error is not None:
                if error.code() == KafkaError._PARTITION_EOF:
                    follow.caught_up.add(message.partition())
                    continue
                raise KafkaException(error)
            changed |= self._take(follow.state, message.key(), message.value())
        if not follow.synced:
            self._check_caught_up(follow)
        elif changed:
            self._flags = MappingProxyType(dict(follow.state))

    def _check_caught_up(self, follow: _Follow) -> None:
        """Publish the state read so far once every partition has been read to its end (never a half-read
        state: until then the previous state, or the code defaults, answer)."""
        if follow.synced or len(follow.caught_up) < len(follow.partitions):
            return
        follow.synced = True
        self._flags = MappingProxyType(dict(follow.state))
        self._ready.set()
        log.info("flag_store_ready", flags=len(self._flags))

    def _take(self, state: dict[str, FlagDefinition], raw_key: bytes | None, raw_value: bytes | None) -> bool:
        """Apply one record to ``state``; True when it changed something."""
        key = raw_key.decode(errors="replace") if raw_key else None
        if key is None:
            FLAG_RECORDS.labels("skipped").inc()
            log.warning("flag_record_skipped", error="record without a key")
            return False
        if raw_value is None:
            state.pop(key, None)
            FLAG_RECORDS.labels("deleted").inc()
            log.info("flag_deleted", flag=key)
            return True
        try:
            if self._codec is None:
                self._codec = AvroCodec(self.settings)
            definition = FlagDefinition.from_record(self._codec.decode(Topic.FLAGS, raw_value))
            if definition.name != key:
                raise ValueError(f"record name {definition.name!r} differs from its key")
        except Exception as error:  # a bad record must not take the flags down: skip it, keep the previous
            if _registry_unreachable(error):
                raise  # not the record's fault: reconnect and read it again once the registry answers
            FLAG_RECORDS.labels("skipped").inc()
            log.warning("flag_record_skipped", flag=key, error=f"{type(error).__name__}: {error}"[:300])
            return False
        state[key] = definition
        FLAG_RECORDS.labels("applied").inc()
        log.info("flag_updated", flag=key, enabled=definition.enabled, percent=definition.percent,
                 cohorts=",".join(definition.cohorts))
        return True


def _registry_unreachable(error: BaseException) -> bool:
    """A failure to fetch the writer schema (network, registry 5xx) rather than a bad record."""
    if isinstance(error, httpx.TransportError):
        return True
    # 4xx (e.g. 404: the record names a schema id the registry never had) is the record's fault: skip it.
    return isinstance(error, SchemaRegistryError) and not 400 <= error.http_status_code < 500


def read_flags(settings: PlatformSettings | None = None, *, timeout_s: float = 15.0) -> dict[str, FlagDefinition]:
    """Every definition ``flags.v1`` holds now (a store that reads to the end, then stops)."""
    store = FlagStore(settings, cohorts=Cohorts()).start()
    try:
        if not store.wait_ready(timeout_s):
            raise FlagStoreUnavailable(f"could not read {Topic.FLAGS} within {timeout_s:.0f} s "
                                       "(is Kafka up and `heartwise bootstrap` done?)")
        return store.snapshot()
    finally:
        store.stop()


def now_ms() -> int:
    return int(time.time() * 1000)

