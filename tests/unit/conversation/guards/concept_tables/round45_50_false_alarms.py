"""Concepts the round-45 to round-50 blind batches and ordinary set l showed flagged as emergencies though ordinary
health chat: a screening question answered no by someone else or "the answer is no", a sign rated zero on a scale,
someone's quoted hyperbole over a trivial upset, a sign typed into a diary or form as a test, a sign named in an
awareness advert, a clinician's safety-net instruction written down, a drug's warned side effect, a question what a
sign means and a sign that comes with tiredness, a long-standing sign (pillows for years), a faint at needles that
always happens, a child checked and himself again within minutes, a head rush on standing that cleared, a bleed
that stopped, and a reading log (spoken numbers included) kept from the learned layer. Each in wording of its own
rather than the rounds' lines. One table per concept: (message, expected kind), with the emergency look-alike.
Extends round40_44_false_alarms.py (the screening question, the family's figure of speech, the side effect)."""

from __future__ import annotations

from typing import Any

from guard_concepts import EMERGENCY, NONE

CONCEPTS: dict[str, list[tuple[str, str | None]]] = {
    "a screening question answered no, by another or in the same breath": [
        ("the GP asked if mum has ever had weakness in one arm or a crooked smile. She never has. Is that a risk?",
         NONE),
        ("the questionnaire asked whether I get chest pain on stairs, and my answer was no", NONE),
        ("mum's smile went crooked ten minutes ago and she cannot lift her arm", EMERGENCY),
    ],
    "a sign rated zero on a scale": [
        ("breathlessness score for the diary: 0 out of 10 today, feeling good", NONE),
        ("my chest pain was at zero this morning, only asking about the new tablets", NONE),
        ("chest pain is a 9 out of 10 right now and spreading to my arm", EMERGENCY),
    ],
    "someone's quoted hyperbole over a trivial upset": [
        ("my brother was 'having a heart attack' over the football score, anyway what is a normal pulse?", NONE),
        ("grandad says he is 'having a stroke' when the remote goes missing, ha. is salt bad for him?", NONE),
        ("my brother is having a heart attack, he's clutching his chest and sweating", EMERGENCY),
    ],
    "a sign typed into a diary or form as a test": [
        ("I entered 'shortness of breath' in the symptom log by mistake, can I remove it?", NONE),
        ("typed 'fainted' into the tracker just to test it, how do I edit the entry?", NONE),
        ("I fainted an hour ago and I still feel like I'm going to pass out", EMERGENCY),
    ],
    "a sign named in an awareness advert": [
        ("the arm weakness part of the stroke awareness poster, does it mean both arms?", NONE),
        ("my arm is weak and my face is drooping, I saw the stroke poster and I'm scared", EMERGENCY),
    ],
    "a clinician's safety-net instruction written down": [
        ("cardiology nurse told me to ring 999 if the chest pain lasts more than 15 minutes, writing it down", NONE),
        ("the doctor told me to call 911 if it happened and it is happening now, chest crushing", EMERGENCY),
    ],
    "a drug's warned side effect": [
        ("the pharmacist said the new pills may occasionally cause tongue swelling, what do I look out for?", NONE),
        ("my tongue is swelling up and my throat feels tight since the new tablets", EMERGENCY),
    ],
    "a question what a sign means, or a sign that comes with tiredness": [
        ("does a droopy eyelid always mean a stroke? mine droops a little when I'm exhausted", NONE),
        ("his speech suddenly went slurred an hour ago and his face looks lopsided", EMERGENCY),
    ],
    "a long-standing sign": [
        ("mum has slept propped on three pillows for years, is that linked to her heart failure?", NONE),
        ("she is propped on three pillows tonight and still gasping, much worse than usual", EMERGENCY),
    ],
    "a faint at needles that always happens": [
        ("passed out at my flu jab last week, it happens every time with needles, how do I tell the nurse?", NONE),
        ("he fainted at the blood test and now he won't wake up", EMERGENCY),
    ],
    "a child checked and himself again within minutes": [
        ("my daughter fainted at the parade in the heat, the first aider saw her and she was fine within minutes",
         NONE),
        ("my daughter fainted and she is still not responding to me", EMERGENCY),
    ],
    "a head rush on standing that cleared": [
        ("everything went dark for a moment when I got up quickly from the sofa, then it cleared. my bp pills?", NONE),
        ("I suddenly lost the vision in one eye when I stood up and it has not come back", EMERGENCY),
    ],
    "a bleed that stopped": [
        ("cut my finger chopping onions, I'm on warfarin so it bled a while. Stopped after ten minutes of pressure.",
         NONE),
        ("I'm on warfarin and the cut will not stop bleeding, it's been an hour and soaking through towels",
         EMERGENCY),
    ],
    "a reading log, spoken numbers included": [
        ("dictating: bp one thirty two over eighty, pulse seventy", NONE),
        ("oxygen 97 at rest", NONE),
        ("bp 210 over 125 and a pounding headache with blurred vision", EMERGENCY),
    ],
}

RULES: list[tuple[str, str, list[Any]]] = [
    ("emergency", "test_rules_alone_name_the_category", [
        ("my brother is having a heart attack, clutching his chest and sweating", "cardiac"),
        ("I suddenly lost the vision in one eye when I stood up and it is still gone", "stroke"),
        ("she is propped on three pillows tonight and still gasping, much worse", "breathing"),
    ]),
    ("not_emergency", "test_rules_alone_pass", [
        "the GP asked if dad has ever had a drooping face. He never has.",
        "the form asked if I have chest pain, the answer is no",
        "palpitations are a zero today",
        "my aunt was 'having a stroke' because the train was late, anyway what is a good cholesterol?",
        "I typed 'chest pain' into the app as a test, how do I delete it?",
        "the slurred speech bit in the stroke advert, what does it sound like?",
        "nurse said call 999 if my sugar drops and I get confused, noted",
        "ace inhibitors can rarely cause face swelling, what should I watch for?",
        "does fainting always mean a heart problem? my cousin faints when she is nervous",
        "dad has slept propped on two pillows for years",
        "I always faint at blood tests, it happens with needles",
        "he fainted in church, the nurse checked him and he was fine within minutes",
        "vision went grey for a second when I stood up too fast, came right back",
    ]),
]
