"""Medication and other emergencies the round-45 to round-50 blind batches showed missed: a child into someone's
heart pills or patch, a whole bottle or pack already taken, another person's medicine taken by mistake with
drowsiness or a slow pulse, a breathing rate of a handful a minute, angioedema on an ACE inhibitor, a slow pulse
given by its decade with collapse, black tarry stools with faintness, one eye's sight gone dark, breathlessness at
rest, a crisis pressure in sbp/dbp shorthand with a neurological sign, a tipping room with a walk that will not go
straight or thick speech, a limb gone floppy with "completely" not read as a resolution; and their look-alikes:
a side effect passed on as a warning, childproofing questions, a course of tablets finished, someone else's vitamin
taken with no symptoms, paced breathing, a slow pulse asleep in an athlete, black stools from iron, a shaving nick
that stopped. Each in wording of its own rather than the rounds' lines. One table per concept: (message, expected
kind), each with a look-alike that must not trigger."""

from __future__ import annotations

from typing import Any

from guard_concepts import EMERGENCY, NONE

CONCEPTS: dict[str, list[tuple[str, str | None]]] = {
    "a child into someone's heart pills or patch": [
        ("my 3 year old chewed through a strip of nan's flecainide, he seems ok for now", EMERGENCY),
        ("the baby got hold of my clonidine patch and had it in her mouth, now she is very sleepy", EMERGENCY),
        ("my granddaughter swallowed one of my amlodipine tablets off the floor", EMERGENCY),
        ("how do I stop my grandson getting into my heart tablets when he visits?", NONE),
        ("my daughter helps me put my digoxin into the pill organiser every Sunday", NONE),
    ],
    "a whole bottle or pack already taken": [
        ("I took the whole pack of my bisoprolol about forty minutes ago", EMERGENCY),
        ("swallowed my entire bottle of propranolol after dinner", EMERGENCY),
        ("finished the whole pack of antibiotics over the ten days, do I need another course?", NONE),
        ("I take all my morning tablets together with breakfast, is that ok?", NONE),
    ],
    "someone else's medicine taken by mistake, with symptoms": [
        ("picked up my husband's metoprolol instead of my vitamins, now my pulse is 42 and I feel faint", EMERGENCY),
        ("gave her my mum's pills by accident and she is so drowsy she can barely stay awake", EMERGENCY),
        ("took my sister's vitamin C by mistake this morning, feel completely normal, any issue?", NONE),
    ],
    "a breathing rate of a handful a minute": [
        ("he had some of his morphine and he's breathing about three times a minute", EMERGENCY),
        ("my sleep coach has me practise six breaths a minute before bed for my blood pressure", NONE),
    ],
    "angioedema on an ACE inhibitor": [
        ("my whole mouth and eyelids are swelling up, I have been on perindopril a long time", EMERGENCY),
        ("tongue is swelling and my voice is going croaky and hoarse", EMERGENCY),
        ("the chemist said lisinopril can occasionally cause swelling of the lips, anything I should look out for?",
         NONE),
        ("my eyes look puffy when I wake up, I take ramipril, normal?", NONE),
    ],
    "a slow pulse given by its decade, with collapse": [
        ("since the dose went up my heart rate has been in the low 30s and I could not get up off the floor",
         EMERGENCY),
        ("my pulse is in the 30s overnight on my watch, I'm a cyclist and feel great in the day", NONE),
    ],
    "black tarry stools with faintness, on a blood thinner": [
        ("my poo has been black and sticky like tar since yesterday and I feel dizzy and weak, on rivaroxaban",
         EMERGENCY),
        ("my stools went black after I started the iron tablets, I feel fine", NONE),
        ("cut myself shaving on apixaban, bled a while. stopped after a few minutes of pressure", NONE),
    ],
    "one eye's sight gone dark": [
        ("the sight in my left eye has suddenly gone dark, I can't see out of it", EMERGENCY),
        ("my left eye gets tired and a bit blurry after a long day at the screen", NONE),
    ],
    "breathless at rest": [
        ("so short of breath at rest, heart thumping, ankles puffed right up and getting worse", EMERGENCY),
        ("I get short of breath on the stairs but I'm okay once I sit down", NONE),
    ],
    "a crisis pressure in sbp/dbp shorthand with a neurological sign": [
        ("dbp 124 sbp 192 and my face feels numb on one side", EMERGENCY),
        ("sbp 186 dbp 104 no symptoms at all, re-measuring in five minutes", NONE),
        ("sbp 132 dbp 84 after my walk, is that good?", NONE),
    ],
    "a tipping room with a walk that will not go straight, or thick speech": [
        ("the floor keeps tilting, I'm staggering to one side and my words are coming out slurred", EMERGENCY),
        ("the room spins for a few seconds when I turn over in bed then settles", NONE),
    ],
    "a limb gone completely floppy": [
        ("my right arm has gone completely floppy in the last ten minutes and my face feels odd", EMERGENCY),
        ("the tingling in my hand has gone completely now, it was from sleeping on it", NONE),
    ],
}

RULES: list[tuple[str, str, list[Any]]] = [
    ("emergency", "test_rules_alone_name_the_category", [
        ("our toddler chewed on one of my digoxin tablets", "other"),
        ("took the whole bottle of my metoprolol an hour ago", "self_harm"),
        ("she took her flatmate's clonidine by mistake and now she can't keep her eyes open", "other"),
        ("my brother is breathing maybe 5 times a minute after his oxycodone", "other"),
        ("lips and face swelling up, on enalapril", "other"),
        ("pulse in the mid 30s, can barely stand", "cardiac"),
        ("tarry black stool today and I'm pale and lightheaded", "other"),
        ("vision in my left eye went black a few minutes ago", "stroke"),
        ("breathless sitting still and my legs are swollen", "breathing"),
        ("sbp 190 dbp 122 with a headache", "hypertensive_crisis"),
        ("the room lurched sideways and I can't walk straight", "stroke"),
    ]),
    ("not_emergency", "test_rules_alone_pass", [
        "my GP warned that ramipril can rarely cause face swelling, what should I watch for?",
        "is it a problem if I miss one dose of my metoprolol?",
        "how many milligrams of clonidine is a normal dose?",
        "black stools since the iron tablets, otherwise fine",
        "I practise five breaths a minute with an app to bring my pressure down",
        "finished the whole bottle of antibiotics as prescribed",
    ]),
]
