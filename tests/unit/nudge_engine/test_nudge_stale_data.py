from services.nudge_engine.domain import engine


def anomaly(kind="stale_data", anomaly_id="a-1", metric="blood_pressure", **kw):
    record = {
        "anomaly_id": anomaly_id,
        "user_id": "u-1",
        "reading_id": None,
        "metric": metric,
        "kind": kind,
        "severity": "info",
        "category": "no_recent_data",
        "message": "No readings for 7 days",
        "disclaimer": "Not medical advice.",
        "observed_value": None,
        "baseline_value": None,
        "measured_at": None,
        "detected_at": 1_781_510_400_000,  # 2026-06-15T08:00Z
        "ingested_at": None,
    }
    record.update(kw)
    return record


def test_stale_data_anomaly_becomes_a_sync_nudge(prefs):
    a = anomaly(ingested_at=1_781_510_000_000)
    state, nudges, _ = engine.on_anomaly(None, a, prefs(), a["detected_at"] + 500)
    assert len(nudges) == 1
    n = nudges[0]
    assert n["trigger"] == "stale_data"
    assert n["title"] == "Sync your device"
    assert "blood pressure" in n["body"]
    assert n["source_event_id"] == "a-1"
    assert n["source_ingested_at"] == 1_781_510_000_000
    assert n["expires_at"] == a["detected_at"] + 3 * 24 * 3_600_000
    assert state["uid"] == "u-1"


def test_other_anomaly_kinds_are_not_nudges(prefs):
    for kind in ("threshold", "outlier", "conflict"):
        _, nudges, suppressed = engine.on_anomaly(None, anomaly(kind=kind), prefs(), 1_781_510_400_500)
        assert nudges == []
        assert suppressed == []


def test_redelivered_anomaly_is_not_nudged_twice(prefs):
    a = anomaly()
    state, first, _ = engine.on_anomaly(None, a, prefs(), a["detected_at"] + 500)
    # Two days later (past cooldown), the same anomaly record again: still one nudge.
    state, again, suppressed = engine.on_anomaly(state, a, prefs(), a["detected_at"] + 2 * 86_400_000)
    assert len(first) == 1
    assert again == []
    assert suppressed == []
    # A new stale-data anomaly (a new id) after the cooldown is a new nudge.
    _, second, _ = engine.on_anomaly(state, anomaly(anomaly_id="a-2"), prefs(), a["detected_at"] + 2 * 86_400_000)
    assert len(second) == 1
    assert second[0]["nudge_id"] != first[0]["nudge_id"]
