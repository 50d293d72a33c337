"""Physical emergencies the round-40 to round-43 blind batches showed missing: a clot to the lung after a long
journey or an operation, a failing heart that will not let one lie flat, the heart attack that presents as a jaw
ache, a sudden exhaustion or an "indigestion" no antacid touches, a tearing pain through to the back or a beating
lump in the belly, a limb suddenly cold and white, the sight of one eye lost behind a curtain, someone down with no
pulse, a sedative with drink slowing the breath, a slow pulse with the sight going, and stroke and breathing signs
put in literal-translation English. Each in wording of its own rather than the rounds' lines. One table per
concept: (message, expected kind), each with a look-alike that must not trigger."""

from __future__ import annotations

from typing import Any

from guard_concepts import EMERGENCY, NONE

CONCEPTS: dict[str, list[tuple[str, str | None]]] = {
    "a clot to the lung after a journey or an operation": [
        ("sharp pain under my ribs each time I breathe in, drove 11 hours yesterday and my left calf is puffy and sore",
         EMERGENCY),
        ("ten days after my hip replacement, suddenly out of breath and my calf is red and tender", EMERGENCY),
        ("my calves swell a little on long-haul flights, do compression socks help?", NONE),
    ],
    "a failing heart that will not let one lie flat": [
        ("I have CHF and tonight I can't lay down flat without fighting for breath", EMERGENCY),
        ("spent the night sitting up in the armchair because lying down I gasp, and my legs are swollen", EMERGENCY),
        ("I can't lie flat after dinner because of reflux, is a wedge pillow a good idea?", NONE),
    ],
    "kilos gained in days with the breath going": [
        ("heart failure patient: gained 3 kg in 3 days and tonight I'm too breathless to lie down", EMERGENCY),
        ("gained 2 kg over the holidays, how do I get back on track?", NONE),
    ],
    "a heart attack felt as a jaw, neck or upper-back ache": [
        ("my neck and jaw ache, I'm pouring with sweat and nauseous, I'm 74 and never felt like this", EMERGENCY),
        ("jaw aches from grinding my teeth at night, the dentist suggested a guard", NONE),
    ],
    "a crisis reading closing its sentence, with a bleed that will not stop and confusion": [
        ("BP was 205/128. Nose is still pouring blood and I feel confused.", EMERGENCY),
        ("BP was 150/90. Had a small nosebleed from the dry air, it stopped quickly.", NONE),
    ],
    "a jaw and upper-back ache with a sweat and weakness": [
        ("ache in my jaw and between my shoulder blades, sweating and so weak I can hardly stand", EMERGENCY),
        ("ache between my shoulder blades after painting the ceiling all day", NONE),
    ],
    "a sudden exhaustion with breathlessness and sweat": [
        ("Dad suddenly so weak he can't stand, clammy with sweat and struggling for breath", EMERGENCY),
        ("always tired in the afternoons, does blood pressure medicine cause that?", NONE),
    ],
    "an indigestion no antacid touches": [
        ("thought it was heartburn but the Gaviscon did nothing and my left arm aches, I'm clammy", EMERGENCY),
        ("heartburn after curry again, the antacid sorted it, should I worry?", NONE),
    ],
    "a tearing pain to the back or a beating lump in the belly": [
        ("sudden ripping pain from my chest right through to my back and I feel faint", EMERGENCY),
        ("I can feel a pulsating lump by my belly button, awful pain and I'm dizzy", EMERGENCY),
        ("lower back pain after moving furniture, going through to my hip", NONE),
    ],
    "a limb suddenly cold and white": [
        ("his foot suddenly turned pale and icy and he can't feel it", EMERGENCY),
        ("my fingers go white in the cold then red, my doctor said Raynaud's", NONE),
    ],
    "the sight of one eye lost behind a curtain": [
        ("a dark shadow just came down across my left eye and I can't see through it, what's going on?", EMERGENCY),
        ("had my eyes tested, bit of blur reading small print, do I need glasses?", NONE),
    ],
    "someone down with no pulse": [
        ("a kid got hit in the chest by a baseball and fell down, we can't find a pulse", EMERGENCY),
        ("how do I find the pulse on my wrist to count my heart rate?", NONE),
    ],
    "a sedative with drink slowing the breath": [
        ("took my sleeping pills after a bottle of wine, can hardly stay awake and my breathing is shallow", EMERGENCY),
        ("is one glass of wine ok with my diazepam?", NONE),
    ],
    "a slow pulse with the sight going": [
        ("pulse showing 33, I'm dizzy and things are going black, I think I'll fall", EMERGENCY),
        ("resting heart rate 48, I'm a runner and feel great", NONE),
    ],
    "stroke signs in literal-translation English": [
        ("my husband face is going to one side and he is not speaking properly", EMERGENCY),
        ("since ten minutes my words are coming out mixed and my tongue is heavy", EMERGENCY),
        ("my father is not able to lift his left arm since one hour and his mouth is going one side", EMERGENCY),
        ("he is not speaking proper English, can you answer in Hindi?", NONE),
    ],
    "breathing signs in literal-translation English": [
        ("my mother breath is not coming, she cannot take air even sitting", EMERGENCY),
        ("after the walk my breath was fast but now is ok", NONE),
    ],
    "a head pain never like this before, in literal-translation English": [
        ("my head is paining very much, never like this in my life, and I am vomiting", EMERGENCY),
        ("my head is paining little bit since morning, maybe from no sleep", NONE),
    ],
}

RULES: list[tuple[str, str, list[Any]]] = [
    ("emergency", "test_rules_alone_name_the_category", [
        ("back from a long flight, stabbing pain in my chest with every breath and one calf swollen", None),
        ("I have heart failure and can't lie flat, I feel like I'm drowning", "breathing"),
        ("up 3 kilos since Sunday and so short of breath I sleep in a chair", "breathing"),
        ("jaw and teeth aching, cold sweat and feel sick", "cardiac"),
        ("all of a sudden she's exhausted, sweating and can't get her breath", "cardiac"),
        ("the Tums have done nothing and it's moving up into my neck, sweating", "cardiac"),
        ("severe boring pain through to my back, going faint", "cardiac"),
        ("my left leg suddenly went white and cold, I can't feel my toes", "other"),
        ("like a curtain coming down over my right eye, what is happening?", "stroke"),
        ("he collapsed on the pitch, I don't think he has a pulse", None),
        ("mixed oxy with beer and he can barely keep his eyes open", "breathing"),
        ("heart rate show 36 and I feel dizzy", "cardiac"),
        ("my mother mouth is going one side", "stroke"),
        ("he is not talking proper since lunch", "stroke"),
        ("I am not able to lift my right hand", "stroke"),
        ("breath is not coming", "breathing"),
        ("head is paining so much, never like this before", "stroke"),
    ]),
    ("not_emergency", "test_rules_alone_pass", [
        "my calves get a bit swollen on long flights, should I wear compression socks?",
        "I sleep on two pillows because of acid reflux, is that ok?",
        "I like to nap in the recliner after lunch",
        "toothache and jaw ache since yesterday, booked the dentist",
        "I get indigestion after spicy food, antacids usually help",
        "I can feel my pulse in my belly when lying down, no pain, is that normal?",
        "my hands and feet are always cold in winter",
        "I closed the curtains because the light hurts my eyes",
        "I couldn't find a pulse on my watch, the sensor is dodgy",
        "can I have a glass of wine with my sleeping pill?",
        "slow breathing exercises help me relax before bed",
        "my tongue feels heavy after the dentist's injection",
        "my toddler is not talking properly yet, should I worry?",
        "not able to lift my right hand much since the wrist fracture in the cast",
        "my head is paining a little since morning",
    ]),
]
