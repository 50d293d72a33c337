"""Everything the conversation API holds while it runs: built in the lifespan, closed at shutdown."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import Any

from services.common.contracts import Topic
from services.common.flags import FlagStore
from services.common.kafka import EventProducer
from services.common.logging import get_logger
from services.common.mongo import build_client
from services.common.mongo import ping as mongo_ping
from services.conversation import metrics
from services.conversation.adapters.cassandra import CassandraGateway, StoreUnavailable
from services.conversation.adapters.cql import STATEMENTS
from services.conversation.adapters.events import Auditor, EventPublisher, Publisher
from services.conversation.adapters.preferences import MongoPreferencesStore, PreferencesCache, PreferencesStore
from services.conversation.adapters.stores import (
    AnomalyStore,
    ChatStore,
    DailyCounter,
    EscalationStore,
    InboxStore,
    ReadingsStore,
)
from services.conversation.chat import ChatService
from services.conversation.config import ConversationSettings
from services.conversation.crypto import TextCipher
from services.conversation.domain.escalations import OPEN_SCAN_DAYS, open_escalations
from services.conversation.domain.recent import RecentActivity
from services.conversation.domain.responder import OfflineResponder
from services.conversation.orchestration import Orchestrator
from services.conversation.orchestrators import OrchestratorChoice, choose_orchestrators

log = get_logger(__name__)

# How long startup waits for Cassandra before serving anyway (degraded until the background connect succeeds).
STARTUP_CASSANDRA_WAIT_S = 10.0
# How often the API reads the clinician queue for the open-escalation gauges (the 15-minute ack SLO).
ESCALATION_GAUGE_INTERVAL_S = 30.0
# How long startup waits for the flag store to read flags.v1; the code defaults answer until it has.
STARTUP_FLAGS_WAIT_S = 5.0


@dataclass
class Runtime:
    settings: ConversationSettings
    cipher: TextCipher
    publisher: Publisher
    auditor: Auditor
    preferences_store: PreferencesStore
    preferences: PreferencesCache
    chats: ChatStore
    inbox: InboxStore
    readings: ReadingsStore
    anomalies: AnomalyStore
    escalations: EscalationStore
    chat: ChatService
    orchestrator_name: str = "offline"  # "graph" when the LLM orchestrator exists (per user: llm_orchestrator)
    flags: FlagStore | None = None
    checks: dict[str, Any] = field(default_factory=dict)
    closers: list[Any] = field(default_factory=list)

    async def close(self) -> None:
        await self.chat.drain()
        for closer in reversed(self.closers):
            with contextlib.suppress(Exception):
                await closer()


def build_chat_service(settings: ConversationSettings, *, cipher: TextCipher, chats: ChatStore,
                       counter: DailyCounter, preferences: PreferencesCache, readings: ReadingsStore,
                       anomalies: AnomalyStore, orchestrator: Orchestrator | OrchestratorChoice, publisher: Publisher,
                       auditor: Auditor, flags: FlagStore | None = None) -> ChatService:
    return ChatService(
        cipher=cipher, chat_store=chats, counter=counter, preferences=preferences, readings=readings,
        anomalies=anomalies, orchestrator=orchestrator, publisher=publisher, auditor=auditor,
        recent=RecentActivity(), daily_limit=settings.daily_message_limit,
        burst_delays=settings.burst_delays_enabled, history_turns=settings.history_turns,
        turn_timeout_s=settings.turn_timeout_s, store_timeout_s=settings.cassandra_timeout_s, flags=flags)


async def build_runtime(settings: ConversationSettings) -> Runtime:
    platform = settings.platform
    cipher = TextCipher.from_settings(platform)  # refuses bad keys at startup, not on the first turn
    # First, alone: loading the language models holds the GIL for seconds, which would starve the client
    # threads (the Cassandra driver's connect timed out behind it on a busy machine).
    await asyncio.to_thread(_warm_guards)

    gateway = CassandraGateway(platform, STATEMENTS, timeout_s=settings.cassandra_timeout_s,
                               reconnect_s=settings.cassandra_reconnect_s)
    await gateway.start()

    mongo = build_client(platform, timeout_ms=settings.mongo_timeout_ms)
    preferences_store = MongoPreferencesStore(mongo, platform)
    try:  # best effort: a store that is down now is re-keyed at the next start
        moved = await preferences_store.adopt_legacy_documents()
        if moved:
            log.info("preferences_rekeyed", documents=moved)
    except Exception as error:  # noqa: BLE001 - the service starts without Mongo (degraded), as it always did
        log.warning("preferences_rekey_skipped", error_type=type(error).__name__)
    preferences = PreferencesCache(preferences_store, ttl_s=settings.preferences_cache_ttl_s,
                                   outage_ttl_s=settings.preferences_cache_outage_ttl_s,
                                   max_users=settings.preferences_cache_max_users)

    producer = EventProducer(platform)
    publisher = EventPublisher(producer, queue_max=settings.event_queue_max)
    publisher.start()
    auditor = Auditor(publisher, Topic.AUDIT)

    from confluent_kafka.admin import AdminClient

    admin = AdminClient({"bootstrap.servers": platform.kafka_bootstrap})

    async def kafka_ready() -> bool:
        metadata = await asyncio.to_thread(admin.list_topics, timeout=1.5)
        return Topic.CHAT_TURNS.value in metadata.topics

    async def mongo_ready() -> bool:
        return await mongo_ping(mongo)

    chats, inbox = ChatStore(gateway), InboxStore(gateway)
    readings, anomalies = ReadingsStore(gateway, settings.max_readings_per_query), AnomalyStore(gateway)
    escalations, counter = EscalationStore(gateway), DailyCounter(gateway)
    # Rollout flags, followed from flags.v1 in a background thread; without Kafka the code defaults answer.
    flags = FlagStore(platform).start()

    async def stop_flags() -> None:
        await asyncio.to_thread(flags.stop)

    orchestrators = choose_orchestrators(settings, OfflineResponder(), flags)
    name = "offline" if orchestrators.llm is None else "graph"
    chat = build_chat_service(settings, cipher=cipher, chats=chats, counter=counter, preferences=preferences,
                              readings=readings, anomalies=anomalies, orchestrator=orchestrators,
                              publisher=publisher, auditor=auditor, flags=flags)

    serializers = asyncio.wait_for(asyncio.to_thread(_warm_serializers, producer, cipher), STARTUP_CASSANDRA_WAIT_S)
    await asyncio.gather(serializers, gateway.wait_connected(STARTUP_CASSANDRA_WAIT_S),
                         asyncio.to_thread(flags.wait_ready, STARTUP_FLAGS_WAIT_S), return_exceptions=True)
    if not gateway.connected:
        log.warning("starting_without_cassandra")
    if not flags.ready:
        log.warning("starting_with_default_flags")
    gauges = asyncio.create_task(_escalation_gauges(escalations), name="escalation-gauges")

    async def stop_gauges() -> None:
        gauges.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await gauges

    return Runtime(
        settings=settings, cipher=cipher, publisher=publisher, auditor=auditor,
        preferences_store=preferences_store, preferences=preferences, chats=chats, inbox=inbox, readings=readings,
        anomalies=anomalies, escalations=escalations, chat=chat, orchestrator_name=name, flags=flags,
        checks={"cassandra": gateway.ping, "mongo": mongo_ready, "kafka": kafka_ready},
        closers=[gateway.close, mongo.close, publisher.close, stop_flags, stop_gauges,
                 *(closer for orchestrator in orchestrators.all() for closer in _closer_of(orchestrator))],
    )


async def _escalation_gauges(escalations: EscalationStore, interval_s: float = ESCALATION_GAUGE_INTERVAL_S) -> None:
    """Keeps the open-escalation gauges current. Every replica reports the same queue (the rules take max).
    A store outage keeps the last values: the alert must not clear because the queue cannot be read."""
    import time

    while True:
        try:
            now = time.time_ns() // 1_000_000
            state = open_escalations(await escalations.recent(now, OPEN_SCAN_DAYS), now)
            metrics.ESCALATIONS_OPEN.set(state.count)
            metrics.ESCALATION_OLDEST_OPEN_AGE.set(state.oldest_age_s)
        except StoreUnavailable:
            metrics.DEPENDENCY_FAILURES.labels("cassandra", "escalation_gauges").inc()
        except Exception as error:  # noqa: BLE001 - a gauge refresh must never end the loop
            log.warning("escalation_gauges_failed", error_type=type(error).__name__)
        await asyncio.sleep(interval_s)


def _closer_of(orchestrator: Orchestrator) -> list[Any]:
    """The graph orchestrator holds an HTTP client (`aclose`); the offline responder holds nothing."""
    aclose = getattr(orchestrator, "aclose", None)
    return [aclose] if callable(aclose) else []


# One short text per script the language guard hands to lingua (Latin, Cyrillic, Arabic, Devanagari, Han):
# lingua loads its n-gram models per script on first use, which took 2-25 s per script on the shared 2-core
# machine and would block the event loop on some user's turn.
_WARM_TEXTS = ("Quelle est ma tension artérielle aujourd'hui", "Какое у меня давление сегодня",
               "ما هو ضغط دمي اليوم", "आज मेरा रक्तचाप क्या है", "我今天的血压是多少")


def _warm_guards() -> None:
    """Loads the guards' language models now (startup, before /readyz), not on a user's turn."""
    import time

    from services.conversation.guards.language import get_detector
    from services.conversation.guards.pipeline import run_input_guards

    began = time.perf_counter()
    run_input_guards("How has my blood pressure been this week?", now_ms=0)
    detector = get_detector()
    for text in _WARM_TEXTS:
        detector.compute_language_confidence_values(text)
    log.info("guards_warmed", seconds=round(time.perf_counter() - began, 2))


def _warm_serializers(producer: EventProducer, cipher: TextCipher) -> None:
    """Looks up the schema ids once (the registry may be down: then the first event does it)."""
    from services.conversation.domain.events import audit_event, chat_turn_event, emergency_event
    from services.conversation.domain.preferences import default_preferences, to_record
    from services.conversation.orchestration import TurnUsage

    sealed = cipher.encrypt("warm-up")
    samples = {
        Topic.AUDIT: audit_event(actor="service:conversation", action="service.start", resource="service",
                                 subject=None, outcome="success", now_ms=0),
        Topic.CHAT_TURNS: chat_turn_event(turn_id="w", conversation_id="w", user_id="w", kind="answer",
                                          safety_flags=[], usage=TurnUsage(), latency_ms=0, language=None,
                                          message_ciphertext=sealed.blob, reply_ciphertext=sealed.blob,
                                          key_id=sealed.key_id, created_at=0),
        Topic.EMERGENCIES: emergency_event(escalation_id="w", user_id="w", conversation_id="w", turn_id="w",
                                           category="other", signals=[], message_ciphertext=sealed.blob,
                                           key_id=sealed.key_id, created_at=0),
        Topic.PREFERENCES: to_record("w", {**default_preferences(), "updated_at": 0}),
    }
    for topic, value in samples.items():
        try:
            producer.codec.encode(topic, value)
        except Exception as error:  # noqa: BLE001 - warm-up only
            log.warning("serializer_warmup_failed", topic=str(topic), error_type=type(error).__name__)
