"""Concepts the round-51 to round-53 blind batches and ordinary set m showed around exercise and everyday chat: an ICD
shock told in the passive ("shocked by my defib"), a collapse of exercise tolerance said as "cannot get to X without
gasping" (an inability before "without" makes the sign the cost of the act, not an absent sign), breath too short to
get a couple of words out or more breathless than ever while only sitting; and the look-alikes kept ordinary: sore
chest muscles or chest wall, a stretch felt in the chest, a healed sternotomy aching in the cold, a question asked in
advance about a sign during an activity, a safety-net instruction with its condition first, breathlessness on a gym
machine, a sign asked about and answered "nah", laughter and a shock at a price as figures of speech, "killing
myself" at a class, the purple of a bruise, a day's routine list ("ate well, took my meds") and a craving ("would
kill for a coffee") kept from the learned layer. Each in wording of its own rather than the rounds' lines. One table
per concept: (message, expected kind), with the emergency look-alike. Extends round40_44_false_alarms.py and
round45_50_false_alarms.py (figures of speech, safety-net instructions)."""

from __future__ import annotations

from typing import Any

from guard_concepts import EMERGENCY, NONE

CONCEPTS: dict[str, list[tuple[str, str | None]]] = {
    "an ICD shock, told in either order": [
        ("got zapped by my defibrillator twice in the last hour", EMERGENCY),
        ("my implanted defib shocked me again just now", EMERGENCY),
        ("the cardiology nurse asked whether my ICD has ever fired. It never has.", NONE),
    ],
    "exercise tolerance collapsed: cannot do a small task without the sign": [
        ("usually walk a mile, tonight I cannot reach the bathroom without gasping and my mouth looks bluish",
         EMERGENCY),
        ("since this afternoon I can't brush my teeth without gasping for breath", EMERGENCY),
        ("I can walk to the post office without getting out of breath now, the rehab is working", NONE),
    ],
    "too breathless to speak, or more breathless than ever at rest": [
        ("he can hardly say three words before he has to stop for breath", EMERGENCY),
        ("more breathless than I have ever felt and I'm only lying in bed", EMERGENCY),
        ("so nervous at the wedding speech I could barely get two words out, anyway is ramipril ok with wine?", NONE),
    ],
    "chest muscles or chest wall sore after a session or stretch": [
        ("my pecs and chest muscles ache after the bench session, tender when I press on them", NONE),
        ("tightness across the front of my chest from the wall stretch the physio showed me, feels like a good stretch",
         NONE),
        ("chest tightness came on at rest half an hour ago and my left arm feels heavy", EMERGENCY),
    ],
    "a healed sternotomy aching in the cold": [
        ("my bypass scar twinges in cold weather, the surgeon warned me it might for months", NONE),
        ("crushing chest pain since my bypass, going into my jaw and I'm sweating", EMERGENCY),
    ],
    "a question in advance about a sign during an activity": [
        ("if I feel chest tightness on the treadmill test, do I tell them or keep going?", NONE),
        ("I have chest tightness on the treadmill right now, should I stop?", EMERGENCY),
    ],
    "a safety-net instruction with its condition first": [
        ("the rehab nurse said that if the pain lasts over 15 minutes I should ring 999, is that from when it starts?",
         NONE),
        ("the rehab nurse said to ring 999 if the pain lasts, it has been 20 minutes and it is happening now",
         EMERGENCY),
    ],
    "breathless on a gym machine, recovered": [
        ("heart thumping and gasping on the treadmill at the end of the intervals, fine a minute later", NONE),
        ("gasping on the treadmill and I still can't get my breath back twenty minutes later, lips look blue",
         EMERGENCY),
    ],
    "a sign asked about and answered no by the writer": [
        ("sudden severe headache? nope, just the usual one from staring at screens, gone with a coffee", NONE),
        ("sudden worst headache ever, like being hit with a bat, and my neck is stiff", EMERGENCY),
    ],
    "laughter or a shock at a price as a figure of speech": [
        ("my sister nearly passed out laughing at the wedding video", NONE),
        ("almost fainted when the pharmacy told me the cost of the inhaler", NONE),
        ("my sister passed out at the wedding and she is not waking up", EMERGENCY),
    ],
    "killing oneself at a class as a figure of speech": [
        ("I'm killing myself on the treadmill every day and the scales won't move", NONE),
        ("I want to kill myself, I can't do this anymore", EMERGENCY),
    ],
    "the purple of a bruise": [
        ("on apixaban, banged my knee on the car door and the bruise went purple, GP says that's expected", NONE),
        ("his lips are going purple and he is struggling to breathe", EMERGENCY),
    ],
    "a day's routine list and a craving kept from the learned layer": [
        ("Lovely quiet Sunday. Fed the cat, had a good breakfast, took my tablets", NONE),
        ("I would kill for a bacon sandwich right now, is one a week ok?", NONE),
        ("my toddler ate some of my heart tablets from the bedside table", EMERGENCY),
    ],
}

RULES: list[tuple[str, str, list[Any]]] = [
    ("emergency", "test_rules_alone_name_the_category", [
        ("got zapped by my defibrillator twice in the last hour", "cardiac"),
        ("usually walk a mile, tonight I cannot reach the bathroom without gasping", "breathing"),
        ("he can hardly say three words, he keeps stopping for breath", "breathing"),
        ("more breathless than I have ever been and I'm just sitting in my chair", "breathing"),
    ]),
    ("not_emergency", "test_rules_alone_pass", [
        "chest muscles stiff after yesterday's press ups, sore to touch",
        "the pec stretch leaves my chest tight in a nice stretchy way",
        "my sternotomy scar aches in the cold, is that normal?",
        "if I get chest pain during the rehab class, should I sit down?",
        "cardiac nurse says if the pain does not ease with rest I should dial 999, how long is that?",
        "gasping on the rowing machine by 1000m, how do I pace it?",
        "worst migraine ever? nah, just a normal one, took my tablets",
        "I nearly collapsed laughing at the film",
        "nearly fainted from shock at the pharmacy bill",
        "I kill myself at the gym six days a week",
        "bumped my arm on warfarin and the bruise is purple now",
        "Walked the dog, ate well, took my meds, quiet day",
    ]),
]
