"""Stroke and TIA signs in progress said in lay words, as the round-51 and round-52 blind batches showed missed
(BE-FAST): Balance (veering or falling to one side, "wobbly like I'm drunk" when sober, with vomiting, jumping eyes
or a sudden start), Face (only half the mouth moving, one side slack or "melting"), Arm (a hand that will not obey,
grip or write, a cup dropped from one hand, an arm drifting down in the arms-up test), Speech (no words will come,
simple questions unanswerable), a TIA recurring now, numbness down one whole side, and more pills than one should
have on purpose; and their look-alikes: a diagnosed Bell's palsy, a migraine aura of old, an arm slept on, a past
TIA discussed calmly, speech therapy progress, being tipsy, a sore wrist. Each in wording of its own rather than
the rounds' lines. One table per concept: (message, expected kind), each with a look-alike that must not
trigger."""

from __future__ import annotations

from typing import Any

from guard_concepts import EMERGENCY, NONE

CONCEPTS: dict[str, list[tuple[str, str | None]]] = {
    "Balance: veering or falling to one side, sudden, sober": [
        ("out of nowhere I keep veering off to the right when I try to walk to the kitchen", EMERGENCY),
        ("mum cannot sit up without tipping over to the left and she has been sick twice", EMERGENCY),
        ("he's wobbly like he's drunk but he hasn't been drinking, this started ten minutes ago", EMERGENCY),
        ("my eyes keep flicking side to side and I keep falling to one side, it came on suddenly", EMERGENCY),
        ("had three pints last night and was wobbly like I was drunk walking home lol", NONE),
        ("my 10 month old keeps toppling over to one side when she sits, is that normal at her age?", NONE),
        ("I get a bit unsteady on my feet when I stand up too quickly, it passes in seconds", NONE),
    ],
    "Face: half the mouth not moving, one side slack or melting": [
        ("she tried to smile for the photo and just half her mouth lifted", EMERGENCY),
        ("grandad's face looks slack on the left side and he is dribbling", EMERGENCY),
        ("the right side of his face is sliding down, it wasn't like this at lunch", EMERGENCY),
        ("I have Bell's palsy, diagnosed last month, and half my mouth still won't move properly. exercises?", NONE),
        ("my face is melting in this heat, any tips for staying cool on a walk?", NONE),
    ],
    "Arm / hand: a hand that will not obey, grip or write; an arm that drifts down": [
        ("all of a sudden my right hand won't do what I want it to, I can't button my shirt", EMERGENCY),
        ("he suddenly could not sign his own name at the bank, the letters came out as scribbles", EMERGENCY),
        ("my fork keeps slipping out of my left hand at dinner and my face feels odd", EMERGENCY),
        ("when she holds both arms out her right arm keeps drifting down, started about twenty minutes ago",
         EMERGENCY),
        ("my sore wrist makes it hard to write my own name at the moment, should I rest it?", NONE),
        ("woke up and my arm was numb from sleeping on it, pins and needles gone now", NONE),
        ("my fingers are stiff and won't do what I want in the cold mornings, it's my arthritis", NONE),
    ],
    "Speech: no words will come, simple questions unanswerable": [
        ("my wife suddenly cannot get a single word out, she's looking at me panicked", EMERGENCY),
        ("dad is awake but he cannot answer basic questions like what day it is, and his arm is weak", EMERGENCY),
        ("speech therapy is going well, he can get a few more words out every week since his stroke in 2022",
         NONE),
        ("I get so nervous at my cardiology appointments that I cannot get any words out, how do I calm my heart"
         " rate?", NONE),
    ],
    "a TIA or mini stroke recurring now": [
        ("this is just like my mini-stroke in March, my arm is weak and tingling again right now", EMERGENCY),
        ("my TIA is happening again, my face is numb", EMERGENCY),
        ("I had a TIA last year and I'm on clopidogrel now, how can I lower my risk of another?", NONE),
        ("I used to get migraine auras with zigzag lights years ago, nothing for ages", NONE),
    ],
    "numbness down one whole side, sudden": [
        ("the whole left side of me went numb suddenly while I was watching tv", EMERGENCY),
        ("tingling down one entire side of his body, started minutes ago", EMERGENCY),
        ("I sleep on my left side and my hip aches in the morning", NONE),
    ],
    "more of one's pills than one should have, on purpose or now drowsy": [
        ("I deliberately swallowed far more of my sleeping tablets than I should have", EMERGENCY),
        ("she had a lot more of her pain meds than she was supposed to and now she's confused and sleepy", EMERGENCY),
        ("I accidentally took more of my vitamin D than the label says, feel fine, is that okay?", NONE),
    ],
}

RULES: list[tuple[str, str, list[Any]]] = [
    ("emergency", "test_rules_alone_name_the_category", [
        ("keep falling to the left when I stand, it started all of a sudden", "stroke"),
        ("only half her smile moved when I asked her to grin", "stroke"),
        ("one side of his mouth looks slack and droopy", "stroke"),
        ("suddenly can't write my own name, the pen keeps slipping out of my hand", "stroke"),
        ("his left arm keeps sinking down when he holds them up, it just started", "stroke"),
        ("my speech is thick and my words are slurry", "stroke"),
        ("she can't answer simple questions and her face is drooping", "stroke"),
        ("numbness all down one whole side of my body", "stroke"),
        ("feels the same as my TIA, my hand is going numb again right now", "stroke"),
        ("took way more tablets than I should have, on purpose", "self_harm"),
    ]),
    ("not_emergency", "test_rules_alone_pass", [
        "was a bit tipsy after the wedding and wobbly like I was drunk lol",
        "my Bell's palsy means only half my mouth moves when I smile, will it recover?",
        "what does the B in BE FAST stand for?",
        "I had a TIA last year, should I keep taking aspirin?",
        "arthritis in my hands makes it hard to grip a pen some days",
        "my physio has me practise standing on one leg for balance",
        "my toddler can't write his own name yet, he's only 3",
    ]),
]
