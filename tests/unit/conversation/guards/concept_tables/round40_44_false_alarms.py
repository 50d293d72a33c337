"""Concepts the round-40 to round-44 blind batches and the ordinary sets j and k showed flagged as emergencies
though ordinary health chat: a negator over a coordinated list of signs, a sign "free" for a stretch, a screening
question answered no, winded by a class and fine now, laughing too hard to breathe, an arm slept on and fine after,
a mouth numbed at the dentist, a chest pain worked up and sent home, a heart aching for someone missed, a scene on
screen, a sore chest after press-ups, a listed side effect, a what-if about oneself said not to be happening,
reading up on a condition, a family's figure of speech, checking the mirror for a sign, gym and diet log
shorthand. Each in wording of its own rather than the rounds' lines. One table per concept: (message, expected
kind), with the emergency look-alike."""

from __future__ import annotations

from typing import Any

from guard_concepts import EMERGENCY, NONE

CONCEPTS: dict[str, list[tuple[str, str | None]]] = {
    "a negator over a coordinated list of signs": [
        ("I have no dizziness, palpitations or shortness of breath, just wondering about my cholesterol", NONE),
        ("not getting any chest tightness or pain in my arm, only want to know if coffee is ok", NONE),
        ("no chest pain, but right now I cannot breathe and my lips are going blue", EMERGENCY),
    ],
    "a sign free for a stretch": [
        ("angina free for a whole year since the bypass, can I start jogging?", NONE),
        ("a year after the bypass and the crushing chest pain is back right now", EMERGENCY),
    ],
    "a screening question answered no": [
        ("the nurse asked if I had ever blacked out. I have not. Why would she ask?", NONE),
        ("I just blacked out in the kitchen and I still feel like I will pass out again", EMERGENCY),
    ],
    "winded by a class and fine now": [
        ("boxing class wrecked me, could not catch my breath at the end but all good now, pulse back to 75", NONE),
        ("I cannot catch my breath sitting on the sofa and my lips look blue", EMERGENCY),
    ],
    "laughing too hard to breathe": [
        ("can't breathe 🤣 my nephew's video is hilarious", NONE),
        ("can't breathe, throat closing after the peanut sauce", EMERGENCY),
    ],
    "a limb slept on and fine after": [
        ("hand went numb from sleeping on it, fine after a couple of minutes", NONE),
        ("my right hand went numb suddenly and my face is drooping", EMERGENCY),
    ],
    "a mouth numbed at the dentist": [
        ("still numb after my root canal and my words come out funny lol, can I eat?", NONE),
        ("my words came out funny all of a sudden and my right arm is weak", EMERGENCY),
    ],
    "a chest pain worked up and sent home": [
        ("the chest pain was looked at in a&e, ecg fine, bloods fine, they sent me home. what now for rehab?", NONE),
        ("sent home from a&e yesterday but the chest pain is back now and worse, sweating", EMERGENCY),
    ],
    "a heart aching for someone missed": [
        ("my heart hurts, I miss my daughter so much since she moved to Canada", NONE),
        ("my heart hurts and the pain is spreading to my jaw, I feel sick", EMERGENCY),
    ],
    "a scene on screen": [
        ("in movies people grab their chest and fall over, is a real heart attack like that?", NONE),
        ("I'm grabbing my chest, crushing pain, I feel like I'm going to fall over", EMERGENCY),
    ],
    "a sore chest after press-ups": [
        ("chest sore since yesterday after a heavy set of press-ups, hurts when I push on it", NONE),
        ("chest pain came on at rest, pressure spreading to my arm", EMERGENCY),
    ],
    "a what-if about oneself said not to be happening": [
        ("if I ever black out at home what should my kids do? just planning, nothing like that so far", NONE),
        ("if chest pain comes on when I walk uphill is that angina? just curious, feeling fine now", NONE),
        ("if I pass out someone call my husband, I'm dizzy and my chest is crushing right now", EMERGENCY),
    ],
    "a sign listed as a side effect, nothing now": [
        ("the patient leaflet names shortness of breath as a rare side effect, should I worry? I feel fine", NONE),
        ("the leaflet names chest pain as a side effect and now I have crushing chest pain into my arm", EMERGENCY),
    ],
    "reading up on a condition": [
        ("been reading up on silent heart attacks and now I'm anxious, how are they found?", NONE),
        ("I think I'm having a heart attack right now", EMERGENCY),
    ],
    "a family's figure of speech": [
        ("dad always jokes he's having a heart attack when he sees the electric bill, what are the real signs?", NONE),
        ("dad is having a heart attack, he's grey and clutching his chest", EMERGENCY),
    ],
    "checking the mirror for a sign": [
        ("since grandma's stroke I keep checking my smile in the mirror for any drooping, is that health anxiety?",
         NONE),
        ("my smile is drooping on one side in the mirror right now and my arm feels weak", EMERGENCY),
    ],
    "gym and diet log shorthand": [
        ("back and bis done today", NONE),
        ("30 laps of back stroke", NONE),
        ("stopped eating crisps at lunch", NONE),
    ],
}

RULES: list[tuple[str, str, list[Any]]] = [
    ("emergency", "test_rules_alone_name_the_category", [
        ("no chest pain, but I suddenly cannot breathe and my lips are blue", "breathing"),
        ("sent home from a&e but the chest pain is back and worse, sweating", "cardiac"),
    ]),
    ("not_emergency", "test_rules_alone_pass", [
        "no dizziness, palpitations or shortness of breath lately",
        "palpitation free for three months on the new dose",
        "the doctor asked whether I have ever fainted. I have not.",
        "couldn't breathe by the last sprint but fine now, hr back to 90",
        "can't breathe 😂 too funny",
        "lip numb from the dentist and I'm talking funny",
        "my heart aches, I miss my brother",
        "if I feel faint on a hike, should I sit? just planning ahead",
    ]),
]
