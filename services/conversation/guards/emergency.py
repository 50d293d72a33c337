"""Emergency detection: a message describing an emergency happening now gets the fixed 911/988 reply.

Recall beats precision here: a missed emergency is far worse than an unneeded "call 911". The
detector therefore matches symptom descriptions broadly (typo-tolerant, case-insensitive), and only
drops a match when the text clearly says it is not happening now:
- negation close before the match in the same clause ("no chest pain today", "I didn't faint");
- a resolved or historical marker in the same clause ("went away", "last year", "years ago",
  "turned out to be reflux", "died of");
- an informational question sentence with nothing present-tense in it ("what are the signs of a
  heart attack?"). Bare condition names ("heart attack", "stroke") need a present-tense marker
  ("I think I'm having a heart attack"); symptom descriptions do not.
Third-person emergencies ("my husband collapsed") count. BP numbers in the crisis range are an
emergency only together with a symptom; numbers alone go to the assistant.
Self-harm statements are never dropped for a resolved marker, except a plainly past one in the same clause
with nothing current in it ("I used to have suicidal thoughts years ago").
Messages that are not plainly English also go through the lexicons of ``emergency_i18n`` (cardiac,
breathing, stroke, collapse and self-harm in two dozen languages), so "no puedo respirar" or "胸痛" is an
emergency here, before the language guard could answer it with "English only"; the verdict then names the
language so the reply can be given in it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from services.conversation.guards import emergency_i18n, language, learned
from services.conversation.guards._text import (
    ENGLISH_FUNCTION_WORD_SHARE,
    ENGLISH_FUNCTION_WORDS,
    FuzzyVocabulary,
    TextSegments,
    basic_normalise,
    english_share,
)

CARDIAC = "cardiac"
BREATHING = "breathing"
STROKE = "stroke"
SYNCOPE = "syncope"
HYPERTENSIVE_CRISIS = "hypertensive_crisis"
SELF_HARM = "self_harm"
OTHER = "other"
CATEGORIES = (CARDIAC, BREATHING, STROKE, SYNCOPE, HYPERTENSIVE_CRISIS, SELF_HARM, OTHER)

# AHA/ACC 2017 guideline: hypertensive crisis is systolic > 180 and/or diastolic > 120 mmHg; with
# signs of organ damage (symptoms) it is a hypertensive emergency.
CRISIS_SYSTOLIC_MMHG = 180
CRISIS_DIASTOLIC_MMHG = 120
# AHA 2020 ACLS tachycardia/bradycardia algorithms: a rate >= 150/min, or < 50/min (40 used here, as
# resting rates in the 40s are common in fit people), with symptoms (light-headedness, chest pain, shortness
# of breath, confusion, fainting) is treated as unstable.
SYMPTOMATIC_TACHYCARDIA_BPM = 150
SYMPTOMATIC_BRADYCARDIA_BPM = 40
# Plausibility bounds for numbers read as "sys/dia" in free text (rejects dates such as 12/05).
_BP_SYSTOLIC_RANGE = (60, 320)
_BP_DIASTOLIC_RANGE = (30, 220)
# Only the first characters are scanned; a longer message is refused by the size guard anyway, and
# the bound keeps the worst-case cost of the regexes fixed.
MAX_SCAN_CHARS = 20_000
# Tokens before a match that a negator may stand in ("no chest pain", "don't have any chest pain").
_NEGATION_WINDOW_TOKENS = 4
# A message this short that names a condition ("heart attack?", "STROKE") is treated as happening now.
_SHORT_MESSAGE_TOKENS = 3


@dataclass(frozen=True, slots=True)
class EmergencyVerdict:
    is_emergency: bool
    category: str | None = None
    signals: tuple[str, ...] = ()
    language: str | None = None  # ISO 639-1 of a non-English emergency (reply in it); None = English


@dataclass(frozen=True, slots=True)
class _Pattern:
    category: str
    signal: str
    regex: re.Pattern[str]
    weak: bool = False  # a bare condition name: needs a present-tense marker in its sentence
    informational_ok: bool = True  # may be suppressed by an informational question frame
    exclude: re.Pattern[str] | None = None  # idioms / device contexts in the clause that void it
    requires: re.Pattern[str] | None = None  # a companion symptom that must appear somewhere in the text
    requires_elsewhere: bool = False  # the companion must lie outside the match ("jaw pain" alone is not enough)
    past_ok: bool = False  # names a past event itself ("the pain I had with my stent is back"): no resolved check


def _gap(n: int) -> str:
    """Up to ``n`` intervening words."""
    return rf"(?:\W+[\w']+){{0,{n}}}\W+"


def _p(category: str, signal: str, pattern: str, **kw: object) -> _Pattern:
    exclude = kw.pop("exclude", None)
    requires = kw.pop("requires", None)
    return _Pattern(
        category,
        signal,
        re.compile(pattern),
        exclude=re.compile(exclude) if isinstance(exclude, str) else None,
        requires=re.compile(requires) if isinstance(requires, str) else None,
        **kw,  # type: ignore[arg-type]
    )


# A safety net's condition said to be met ("..., and now it has", "which it did", "and it just has")
_SAFETY_NET_MET = (
    r"(?:(?:,\W*|\W+)(?:and|which|but|well)?\W*(?:now\W+)?(?:it|that|this|they|he|she)\W+(?:has|have|did|just did"
    r"|just has|has now|is happening|has happened)\b(?!\W+(?:not|never|been fine|stopped|settled|gone))"
    # "..., and I have chest pain now"
    r"|(?:,\W*|\W+)(?:and|but|well)\W+(?:i|we|he|she)\W+(?:have|has|am having|is having|have got|has got|am getting"
    r"|is getting)\W+(?:\w+\W+){0,4}?(?:now|right now|tonight|this (?:morning|evening|afternoon))\b)"
)


_PAIN = (
    r"(?:pain\w*|pressure|tight\w*|hurt\w*|ache|aches|aching|achy|discomfort|heav\w*|burn\w*|squeez\w*|"
    r"crush\w*|killing me|on fire|agony|stabb\w*)"
)
_CHEST = r"(?:chest|breast ?bone|sternum)"
_PRONOUN = r"(?:my|his|her|their|our|the|your)"
_DIFFICULTY = (
    r"(?:cannot|could not|unable to|can barely|can hardly|barely|struggling to|struggle to|struggling|"
    r"fighting to|hard time|difficulty|difficult|trouble|hard to|problems?|hardly)"
)
_CARDIAC_BODY = r"(?:chest|breastbone|sternum|ribs|rib ?cage|heart(?! ?rate| ?healthy| ?burn| pressure| ?beat))"
_ACUTE = (
    # "pressure" as a measurement taken ("take weight, pressure, oxygen") is not a pressing pain
    r"(?:(?<!my )(?<!a )(?<!his )(?<!her )(?<!big )crush\w*(?! on\b)|squeez\w*|burning|(?<!blood )(?<!take )"
    r"(?<!check )(?<!taking )(?<!checking )(?<!measure )(?<!weight, )(?<!weight )pressure(?!\W+(?:and |, )?(?:oxygen"
    r"|sats|sugar|glucose|pulse|temperature|temp|weight)\b)"
    r"|explod\w*|explode|severe\w*|excruciating|unbearable|stabb\w*"
    r"|ripping"
    r"|tearing|agony|giving out|in a (?:fist|vice|vise)|vi[cs]e|clamp\w*|so bad|really bad|10/10|worst pain|fist"
    r"|clench\w*|wring\w*|(?:tight|iron|steel) band)"
)
_AIRWAY_BODY = r"(?:throat|airway|windpipe|tongue)"
_ACUTE_AIRWAY = r"(?:tight\w*|closing|clos\w* up|swell\w*|swollen|blocked|constrict\w*)"
_PERSON = (
    r"(?:he|she|they|him|her|husband|hubby|wife|partner|boyfriend|girlfriend|mom|mum|mother|dad|father|son"
    r"|daughter|brother|sister|friend|grandma|grandpa|grandmother|grandfather|nan|coworker|colleague|baby|child|kid"
    r"|grandad|granddad|gramps|granny|nana|nanna|grandson|granddaughter|aunt|auntie|uncle|cousin|spouse|fiance\w*"
    r"|neighbour|neighbor|mate|pal|dad's|mum's|husband's"
    r"|man|woman|guy|someone|somebody|neighbou?r|roommate)"
)
# Winded by exertion: "after 400m repeats", "during the match" (with "is that normal" it is a training question).
_EXERTION = (
    r"\b(?:after|during|from|in) (?:the |my |a |an |our |those |these |today's )?(?:\d+\s?(?:m|k|km|mi|x\d+)\W+)?"
    r"(?:sprint\w*|run|runs|running|workout|intervals?|interval training|climb\w*|stairs|race|hike|swim\w*|training"
    r"|exercise|game|match|spin class|hiit|repeats|reps|laps|drills|wods?|crossfit|burpees|sets?|session|practice"
    r"|rowing|cycling|spin)\b"
    # the end of a race or a climb: "couldn't breathe at the finish"
    r"|\bat the (?:finish|finish line|summit|top of the (?:hill|stairs|climb))\b"
    # a gym machine, or a distance reached ("rowing machine had me gasping by 500m")
    r"|\b(?:rowing machine|rower|treadmill|exercise bike|static bike|spin bike|cross ?trainer|elliptical|stair ?master"
    r"|stepper)\b|\bby (?:the )?\d+\s?(?:m|k|km|mi|metres|meters|miles?)\b"
)
_WORKOUT = (
    r"\b(?:chest (?:day|press|workout|fly|flies|muscles?)|bench\w*|push ?ups?|pecs?|gym|workout|lifting|reps|sore)\b"
)
# A clause about a film, show or book with nobody in the first person in it ("the movie had a scene where she
# overdoses") is not a report of self-harm.
_FICTION = (
    r"^(?!.*\b(?:i|me|my|myself|we|us)\b)(?!.*\bnot (?:for|in|from) an? (?:story|book|novel|film|movie|script|game)\b)"
    r".*\b(?:movie|film|show|series|episode|book|novel|scene|character|song|tv"
    r"|netflix|documentary|play|story)\b"
)
# A knock to the head whose warning signs are denied ("no vomiting or drowsiness") or listed to watch for
_HEAD_SIGNS_NOT_DENIED = (
    r"^(?![\s\S]*\b(?:no|not|without|any|for)\W+(?:\w+\W+(?:or|and|nor)\W+)?(?:drows|vomit|sick|sleepy|confus"
    r"|throw\w* up))"
)
_DEVICE = (
    r"\b(?:app|phone|watch|screen|cuff|device|scale|website|site|server|tracker|computer|laptop|bluetooth|"
    r"sync\w*)\b"
)

# Vocabulary families of the rounds 18-19 concepts: a medicine by class or name, a means of self-harm, a step of
# preparation (giving things away, letters, affairs), and a word of finality ("I think it's time", "won't be needing").
_MEDICINE = (
    r"(?:pills|tablets|meds|medications?|medicine|capsules|sleeping (?:pills|tablets)|painkillers|morphine|oxy\w*"
    r"|fentanyl|opioids?|codeine|tramadol|insulin|warfarin|digoxin|metoprolol|propranolol|atenolol|bisoprolol"
    r"|amlodipine|diltiazem|verapamil|lisinopril|paracetamol|acetaminophen|tylenol|prescriptions?"
    r"|sertraline|citalopram|escitalopram|fluoxetine|amitriptyline|mirtazapine|zopiclone|diazepam|lorazepam"
    r"|quetiapine|antidepressants?)"
)
# Heart and blood pressure medicines by name or class, dangerous to a child in a single tablet
_HEART_DRUG = (
    r"(?:digoxin|lanoxin|clonidine|flecainide|amiodarone|sotalol|propafenone|verapamil|diltiazem|nifedipine"
    r"|amlodipine|metoprolol|propranolol|bisoprolol|atenolol|carvedilol|nebivolol|beta ?blockers?|warfarin|apixaban"
    r"|rivaroxaban|eliquis|xarelto|\w{3,}pril|\w{3,}sartan|heart (?:meds|medicine|pills|tablets))"
)
# Foods and treats: a feast of them called an overdose, or eaten "way too many", is not a dose of anything
_FOOD = (
    r"(?:fruit|mangos?|mangoes|bananas?|grapes|cherries|strawberries|oranges|apples?|dates|nuts|biscuits|cookies"
    r"|sweets|candy|chocolates?|cake|cakes|cupcakes|muffins|pastries|donuts|doughnuts|mince pies|pies|tamales|tacos"
    r"|burritos|dumplings|samosas|pasta|bread|rice|noodles|snacks|treats|crisps|chips|fries|pizza|slices|cheese"
    r"|ice cream|desserts?|carbs|sugar)"
)
_MEANS = rf"\b(?:rope|noose|gun|pistol|rifle|shotgun|blades?|razors?|{_MEDICINE[3:-1]}|bridge|ledge|train tracks)\b"
_PREPARATION = (
    r"\b(?:gave|given|giving|give) (?:away )?(?:my |all my )?(?:(?:old|favourite|favorite|best) )?(?:dog|cat|pets?"
    r"|things|stuff|belongings|possessions|plants|guitar|books|bike|car|jewel\w*|watch|collection|records|vinyl"
    r"|camera|tools|console|games|paintings|savings)\b|\b(?:wrote|written|writing|left) (?:\w+ ){0,2}?(?:letters"
    r"|(?:the |a )?notes?|goodbye \w+)\b"
    r"|\b(?:sort\w*|put\w*|got|getting|finali[sz]\w*) (?:out )?my (?:affairs|will|papers)(?: in order)?\b"
    r"|\b(?:rewr\w*|wrote|redid|redone|updat\w*|chang\w*|made) my will\b"
    # a pet or a child seen to for after one is gone
    r"|\b(?:make sure|making sure|need|want|find|finding)\W+(?:\w+\W+){0,2}?(?:cat|dog|pets?|kids?|children)\W+"
    r"(?:ends? up|go|goes|gets?|is|are)\W+(?:to|with|looked after by)\W+(?:someone|somebody|a good home|good people)"
    r"|\brehom\w*\W+(?:my\W+)?(?:cat|dog|pets?)\b|\bfind (?:a )?(?:new )?home for my (?:cat|dog|pets?)\b"
)
_FINALITY = (
    r"\b(?:(?:will not|not going to|no longer|shall not|would not) (?:be )?need(?:ing)? (?:any ?more|anything|them"
    r"|it|any|refills?|much(?: else)?)|i will not be (?:around|here) (?:come|by|after|past|for (?:much )?long"
    r"|much longer)|(?:do not|did not) (?:reckon|think|expect|figure|suppose) i will be (?:around|here)\b"
    r"(?! for (?:the|your|my)\b)"
    r"|(?:think |guess )?it is time\b(?!\W+(?:to|for|i|we)\b)|made sure of (?:it|that)|goodbye"
    r"|farewell|(?:i am|i have|i feel) (?:so |just |completely )?done\b(?=\W*(?:$|[.,;!?]|fr\b|tbh|honestly|now\b"
    r"|fighting))|done fighting|no more fighting|not calling anyone|where i am going|for good|goodbyes"
    r"|(?:i have|i) (?:picked|chosen|set) (?:a |the )?(?:day|date|night|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday)(?=\W*(?:$|[.!;]))|(?:this|next) (?:weekend|week|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday) is (?:it|the (?:day|night))|(?:tonight|tomorrow) (?:is|feels like) (?:it|the (?:day|night))"
    r"|done playing (?:this|the) game"
    # the act named only as "it", with a time ("going to do it tonight"); having had enough, said alone
    r"|(?:going to|gonna|will|am ready to) do it (?:tonight|today|tomorrow|this weekend|soon|now|when)"
    r"|(?:i have|i) (?:had|have had) enough(?=\W*(?:$|[.;!?]|now\b)))\b"
)

# A chest sensation with a harmless cause named in its clause: emotion, laughter, a muscle sore to the touch.
_CHEST_BENIGN = (
    r"\b(?:with (?:emotion|joy|pride|love|happiness|gratitude)|so happy|happy tears|(?:from|after|with) (?:laugh\w*"
    r"|giggl\w*)|when i (?:press|push|touch|poke)|to the touch|press\w* on (?:it|the (?:muscle|spot|area))|pulled"
    r" (?:a |my )?(?:muscle|pec\w*)|when (?:my )?milk (?:comes|came) in|breast ?feed\w*|engorg\w*"
    r"|after (?:a |each )?feed|after (?:a |my )?(?:\w+ ){0,3}?(?:bench\w*|chest day|push\W?ups|press\W?ups|lifting)"
    r"|since (?:i )?(?:start\w* |doing |began )?(?:the )?(?:push\W?ups|press\W?ups|bench\w*|lifting|chest day"
    r"|pull\W?ups"
    r"|dips|weights|the gym|rowing)|when i (?:twist|turn|stretch|cough|roll over)"
    # a precaution for a pain that may come ("carry my spray in case of chest pain")
    r"|in case (?:of|i get|i have|he gets|she gets|it comes)"
    # nerves before a performance ("stage fright so bad, heart pounding"), gone once it starts
    r"|stage fright|performance (?:nerves|anxiety)|before (?:a |my |the )?(?:recitals?|concerts?|gigs?|performances?"
    r"|presentations?|speech(?:es)?|auditions?)"
    # a recurring pain with its known, diagnosed cause ("gets chest pain now and then from costochondritis")
    r"|costochondritis|tietze\w*|(?:now and then|from time to time|every so often|on and off|every now and then)"
    r" (?:from|because of|due to|with) (?:his|her|their|my|the)? ?\w+"
    # the muscles or wall of the chest, sore from a session or a stretch ("chest muscles sore from the press-ups",
    # "tight after the pec stretch, a good stretchy feeling"), or a healed sternotomy aching in the cold
    r"|chest (?:muscles?|wall)(?![^.,;!?]{0,40}\b(?:crush\w*|spread\w*|radiat\w*|arm|jaw|sweat\w*|breath\w*))"
    r"|(?:from|after) (?:yesterday's |today's |last night's |the |my |a |all (?:the |those )?|those )?(?:\w+ ){0,2}?"
    r"(?:push\W?ups|press\W?ups|bench\w*|chest day|lifting|weights|stretch\w*)"
    r"|(?:pec|chest|doorway|door frame) stretch\w*|stretchy|good stretch"
    r"|(?:sternotomy|scar|incision|wires?)\b[^.;!?]{0,40}\b(?:cold|weather|winter|damp))\b"
)

# A question or a lethal question said to be about oneself, whatever its framing ("asking for me obviously",
# "not for a story", "someone like me").
_PERSONAL = (
    r"\b(?:asking for (?:me|myself)|for me obviously|not for an? (?:story|book|novel|film|movie|script|class|school"
    r"|project|game|friend)|(?:someone|somebody|people|a person) like me|this is (?:about )?me)\b"
)
# A message framed as not happening to anyone: an exam or practice question, a scene being written, a future
# what-if ("if my mom ever has a seizure"). Its symptom words are the subject matter, not an event.
# A campaign's or a leaflet's test done on a person ("the arms-up test from the poster on my dad"): a real event
_ON_SOMEONE = (
    r"(?! (?:on|with) (?:him|her|them|(?:my|his|her|their|our) (?:friend|husband|wife|partner|mum|mom|dad|father"
    r"|mother|son|daughter|brother|sister|nan|gran\w*|grand\w*|neighbou?r|colleague|co-?worker|boss|uncle|aunt\w*))\b)"
)
_NOT_REAL_FRAME = re.compile(
    r"\b(?:exam|test|quiz|nclex|usmle|mcat|boards?|practice|revision|homework|assignment|textbook|case study|osce"
    r"|mock)\W+(?:\w+\W+)?(?:q|qs|question|questions|scenario|vignette|item)\b|\bnclex\b|\busmle\b"
    r"|\b(?:a |the )?(?:client|patient) (?:presents|presented|presenting) with\b"
    # a case from a course: "case study for my pharmacology class", "a 62-year-old man presents with ..."
    r"|\b(?:case study|case report|case|textbook case|vignette)\W+(?:for|in|from)\W+(?:my|our|a|the)\W+(?:\w+\W+)?"
    r"(?:class|course|module|lecture|seminar|exam|textbook|rotation|assignment|homework)\b"
    r"|\ban?\W+\d{1,3}\W*(?:year|yr|y)\W*old\W+(?:\w+\W+)?(?:man|woman|male|female|patient|client|boy|girl|lady"
    r"|gentleman)\W+(?:presents|presented|presenting|comes in|came in|arrives|arrived|is brought|was brought)\b"
    r"|\bwhich nursing (?:action|intervention)\b"
    # a sign from a public campaign ("the face drooping thing in the stroke adverts")
    # (unless the campaign's test was done on someone: "the arms-up test from the poster on my dad")
    rf"|\b(?:in|from|on) the (?:\w+ )?(?:adverts?|ads|advertisements?|commercials?|posters?|campaign)\b{_ON_SOMEONE}"
    r"|\b(?:writing|write|wrote|drafting) (?:a |an |my )?(?:thriller|novel|story|short story|screenplay|script|play"
    r"|book|scene|chapter|fanfic\w*|poem|mystery)\b"
    r"|\bin (?:my|our) (?:novel|story|screenplay|script|book|fanfic\w*|comic|thriller|short film)\b"
    r"|(?<!out )\bfor (?:a|my|our) (?:short film|novel|short story|screenplay|script|scene|fanfic\w*|comic|thriller)\b"
    r"|\bmy (?:character|protagonist|detective|heroine|villain|narrator)\b|\ban? actor to\b"
    r"|\bif (?:my|he|she|they|i|someone|somebody)\b(?:\W+[\w']+){0,3}\W+ever\b|\bfuture (?:\w+ )?question\b"
    r"|\b(?:suppose|supposing|imagine|what if|say|in case)\b(?:\W+[\w']+){0,5}?\W+(?:someday|some day|one day|ever"
    r"|in (?:the )?future|down the (?:road|line))\b"
    # the letters of the stroke mnemonic asked about ("what does the T in FAST stand for?")
    r"|\b(?:the )?\w (?:in|of|for) (?:be ?)?fast\b|\b(?:be ?)?fast (?:acronym|mnemonic|test|checklist)\b"
    # other people's conversations asked for ("summarise the chats other users had with you about chest pain")
    r"|\b(?:summari[sz]e|list|show|give|tell|share|repeat|read)\W+(?:me\W+)?(?:\w+\W+){0,3}?(?:conversations?|chats?"
    r"|messages?|questions?)\W+(?:\w+\W+){0,2}?(?:other (?:people|users|patients|members)|others|someone else"
    r"|everyone else|everybody else)\b"
    # other users' reports asked for as data ("list the users who reported chest pain"): nobody's event now
    r"|\b(?:list|show|give|export|send|find|pull|name|tell)\W+(?:me\W+)?(?:\w+\W+){0,4}?(?:users|members|accounts"
    r"|patients|customers|people)\W+(?:who|that|with)\b(?=.*\b(?:names?|phones?|numbers?|emails?|addresses"
    r"|details|contacts?|ids?)\b)"
)
# ... unless the message says it is real and now
_REAL_NOW = re.compile(
    r"\b(?:right now|(?<!or )call(?:ing)? 911(?! (?:first|or)\b)(?! if \w+(?: \w+){0,2} ever\b)"
    r"|(?<!before the )(?<!until the )(?<!for the )ambulance"
    r"|help me|please help|happening now|for real|not (?:a |an )?(?:exam"
    r"|test|hypothetical|story))\b"
)

# A condition word as the first half of a compound noun ("stroke risk calculator", "seizure meds"): a topic.
_CONDITION_COMPOUND = (
    r"\b(?:stroke|seizure|anti ?seizure|epilepsy) (?:risk|calculator|score|prevention|awareness|guidelines?|unit|ward"
    r"|nurse|survivors?|rehab\w*|support|clinic|team|checklist|scale|meds|medications?|medicines?|drugs|disorder"
    r"|threshold|action plan|control|diary|alert dog)\b"
)

# A condition named as a figure of speech ("the bill gave me a heart attack") or as the subject of a programme or
# article ("watched a documentary about strokes"): a topic, not an event.
_FIGURATIVE_OR_MEDIA = (
    r"\b(?:gave|give|gives|giving) (?:me|him|her|us|everyone) (?:a |an )?(?:mini |little |small )?heart attack"
    r"(?=\W*(?:$|[.,;!?]|\w+\W+(?:kidding|joking|lol|haha)\b))|\b(?:about|nearly|almost|near|darn near|like to"
    r"|liked to) (?:gave|give|given) (?:me|him|her|us|everyone) (?:a |an )?(?:\w+ )?heart attack"
    r"|\b(?:documentary|article|podcast|video|programme|program|show|film|movie|book|lecture|talk|news|story|leaflet"
    r"|pamphlet|course|class|webinar|episode) (?:about|on) (?:\w+ )?(?:strokes?|heart attacks?|cardiac arrests?)\b"
    # a character's event in a story on screen or on the page ("a film where the dad has a heart attack")
    r"|\b(?:documentary|video|show|series|film|movie|book|novel|play|episode|scene|soap) (?:where|in which|when)\W+"
    r"(?:\w+\W+){0,4}?(?:has|had|having|gets|got|suffers|suffered|dies of|died of) (?:a |an )?(?:\w+ )?"
    r"(?:strokes?|heart attacks?|cardiac arrests?)\b"
    # read up on ("reading about widowmaker heart attacks"), or a family saying ("mom always says she is having a
    # stroke when she sees my room")
    r"|\b(?:reading|read|researching|learning|googling|looking up|heard|hearing) (?:up )?(?:about|on)\W+"
    r"(?:\w+\W+){0,2}?(?:strokes?|heart attacks?|cardiac arrests?)\b"
    r"|\b(?:always|keeps?|constantly|jokingly) (?:says?|saying|claims?|jokes?)\b(?:\W+[\w']+){0,4}?\W+(?:having|had)"
    r" (?:a |an )?(?:stroke|heart attack)\b"
)
# A symptom named as the service that sees it ("the chest pain clinic", "her stroke unit appointment"): a place.
_SERVICE_AFTER = (
    r"(?!\W+(?:clinic|unit|service|team|nurse|pathway|referral|appointment|appt|ward|centre|center|department"
    r"|assessment|leaflet|study|trial)\b)"
)

_PATTERNS: tuple[_Pattern, ...] = (
    # --- cardiac ---
    _p(
        CARDIAC,
        "chest_pain",
        rf"\b{_CHEST}s?(?:\W+(?!(?:no|not|without|zero|nor)\b)[\w']+){{0,5}}\W+{_PAIN}{_SERVICE_AFTER}",
        exclude=_CHEST_BENIGN,
    ),
    _p(
        CARDIAC,
        "chest_pain",
        rf"\b(?:{_PAIN}|weight|elephant\w*|feeling|sensation)(?:\W+[\w']+){{0,2}}\W+(?:in|on|behind|across|around|"
        rf"through|from|of|under|beneath|below|inside)\W+(?:the (?:middle|centre|center|left side|right side|front|top"
        rf"|left|right|base) of\W+)?(?:{_PRONOUN}\W+)?{_CHEST}\b",
        exclude=_CHEST_BENIGN,
    ),
    _p(CARDIAC, "chest_pain", rf"\b(?:clutch\w*|grabb\w*|holding|gripping)\W+{_PRONOUN}\W+chest"),
    _p(
        CARDIAC,
        "chest_pain",
        r"\bchest\b(?:\W+[\w']+){0,6}\W+(?:elephant\w*|vi[cs]e"
        r"|(?:someone|something)(?: is|'s|s)? (?:sitting|standing) on"
        r"|band (?:around|across)|being (?:crushed|squeezed)|(?:going to|about to) explode|exploding)"
        rf"|\b(?:sitting|standing|pressing|pushing|stepping|kneeling|parked|lying|resting"
        rf"|weighing) on {_PRONOUN} chest\b"
        r"|\b(?:elephant|ton of bricks|anvil|piano|truck)\W+(?:is\W+)?(?:sitting|standing|pressing|parked|lying|on)\W+"
        r"(?:on\W+)?(?:him|her|me|them|his chest|her chest)\b",
    ),
    _p(
        CARDIAC,
        "chest_pain",
        rf"\b{_CHEST}\s*(?:pain\w*|tight\w*|pressure)\b{_SERVICE_AFTER}|\b{_PAIN}\W+{_CHEST}\b",
        exclude=_CHEST_BENIGN,
    ),
    _p(
        CARDIAC,
        "radiating_pain",
        r"\b(?:pain\w*|hurt\w*|ache\w*|aching|numb\w*|tingl\w*|heav\w*|(?<!blood )pressure|discomfort)"
        r"(?:\W+[\w']+){0,8}?\W+(?:jaw|arm|arms|shoulder|shoulder blades)\b"
        r"|\b(?:jaw|arm|arms|shoulder|shoulder blades)(?:\W+[\w']+){0,3}\W+(?:pain\w*|hurt\w*"
        r"|ache\w*|aching|numb\w*|tingl\w*|heav\w*)",
        requires_elsewhere=True,
        # the dentist's chair, a stiff desk posture
        exclude=r"\b(?:teeth|tooth|dentist|dental|grinding|clench\w*|tmj|braces|posture|desk|massage|knots?)\b",
        requires=(
            r"\b(?:sweat\w*|clammy|nause\w*|sick|faint|dizz\w*|light ?headed|short of breath|breathless|"
            r"pale|gr[ae]y|chest|vomit\w*|awful|terrible|horrible|shoulder blades|jaw)\b"
        ),
    ),
    _p(
        CARDIAC,
        "heart_pain",
        rf"\bheart\b{_gap(3)}(?:hurts?|hurting|pain\w*|going to explode|exploding|aches?|aching)\b"
        r"|\bheart (?:is |feels like it is )?(?:giving out|failing|going to stop|stopping|about to stop)\b",
    ),
    _p(CARDIAC, "heart_attack", r"\bheart\W+attack\w*\b", weak=True, exclude=_FIGURATIVE_OR_MEDIA),
    # A chest / heart word and an acute word in the same stretch of text, in either order: the paraphrases
    # of cardiac pain that no fixed phrase lists ("feels like my heart is being squeezed in a fist",
    # "burning pressure in the middle of my chest that spreads to my neck"). Workout soreness is excluded.
    _p(
        CARDIAC,
        "acute_chest",
        rf"\b{_CARDIAC_BODY}\b(?:\W+[\w']+){{0,8}}?\W+{_ACUTE}|\b{_ACUTE}(?:\W+[\w']+){{0,8}}?\W+{_CARDIAC_BODY}\b",
        exclude=_WORKOUT + "|" + _CHEST_BENIGN + "|" + _FIGURATIVE_OR_MEDIA,
    ),
    # The heart attack described without the word pain: a squeeze or heaviness in the throat or chest with both arms
    # heavy, a pain that has travelled into the jaw or arm, or a chest that feels "funny" with clammy breathlessness
    _p(
        CARDIAC,
        "atypical_cardiac",
        r"\b(?:squeez\w*|tight\w*|pressure|heav\w*|crush\w*)\W+(?:\w+\W+){0,3}?(?:throat|neck)\b"
        r"(?=.*\bboth (?:my |his |her )?arms\b)"
        r"|\b(?:gone|going|moved|moving|spread\w*|radiat\w*|travel\w*|shot|shooting)\W+(?:up\W+|down\W+)?(?:in)?to\W+"
        r"(?:my|his|her|the)\W+(?:jaw|left arm|arms?|neck)\b"
        r"|\bchest\W+(?:\w+\W+){0,2}?(?:funny|strange|weird|odd|not right|wrong)\b",
        requires=r"\b(?:sweat\w*|clammy|nause\w*|sick|pale|gr[ae]y|breathless|short of breath|faint\w*"
        r"|both (?:my |his |her )?arms)\b",
        exclude=r"\b(?:teeth|tooth|dentist|dental|posture|desk|massage|gym|lifting|stretch\w*)\b",
        informational_ok=False,
    ),
    # Acute limb ischaemia (a clot in a leg or arm artery, AF the usual source): sudden, cold, white, agonising
    _p(
        OTHER,
        "limb_ischaemia",
        r"\b(?:cold|white|pale|mottled|blue)\W+(?:\w+\W+){0,3}?(?:leg|foot|arm|hand)\b",
        requires=r"^(?=.*\b(?:sudden\w*|all of a sudden)\b)(?=.*\b(?:agoni\w*|excruciating|(?:cannot|can not) feel"
        r"|no pulse|numb|cannot move)\b)",
        informational_ok=False,
    ),
    _p(
        OTHER,  # a closing or swelling throat is usually anaphylaxis, like the "anaphylaxis" signal below
        "acute_airway",
        rf"\b{_AIRWAY_BODY}\b(?:\W+[\w']+){{0,4}}?\W+{_ACUTE_AIRWAY}|\b{_ACUTE_AIRWAY}(?:\W+[\w']+){{0,4}}?\W+"
        rf"{_AIRWAY_BODY}\b",
    ),
    # --- breathing ---
    _p(
        BREATHING,
        "cannot_breathe",
        rf"\b{_DIFFICULTY}\W+(?:[\w']+\W+){{0,3}}?(?:breathe|breath|breathing|get(?:ting)? (?:any |enough |some )?air|"
        rf"catch {_PRONOUN} breath)\b",
        # a blocked nose is not a breathing emergency ("can't breathe through my nose, allergies")
        exclude=(
            r"\bthrough (?:my|his|her|the|your|one) nos(?:e|tril)|\bstuffy\b|\bblocked nose\b|\bstuffed up\b|\bcongest"
            # winded by exertion and over it, or by laughing
            r"|" + _EXERTION + r"|\b(?:laugh\w*|giggl\w*|cracking up)\b"
            # laughing: the emoji, "lmao", a meme "too funny"
            r"|[\U0001f602\U0001f923]|\b(?:lmao|lmfao|rofl|meme|hilarious|(?:so|too) funny)\b"
            # an idiom of secrecy ("can't breathe a word of it") and weather talk ("can't breathe in this heat lol")
            r"|\bbreathe a word\b|\b(?:in|with) (?:this|the|all this) (?:heat|humidity|heatwave|heat wave|weather"
            r"|muggy weather|smog|pollen)\b(?=.*\b(?:lol|haha|lmao|walk|better|instead|outside|today)\b)"
        ),
    ),
    _p(
        BREATHING,
        "labored_breathing",
        (
            r"\bbreathing\W+(?:(?:is|has|have|become|becoming|getting|got|gotten|gone|been|very|so|really|exceedingly"
            r"|extremely|quite|rather|increasingly|more|terribly|awfully)\W+){0,4}(?:\w+\W+)?"
            r"(?:labou?red|difficult|hard|shallow|very fast|rapid|noisy|gurgling|weird|strange|funny|odd)"
            # too breathless to speak in whole sentences
            r"|\b(?:cannot|unable to|can barely|can hardly|struggling to|hard to|could not)\W+(?:\w+\W+)?(?:complete"
            r"|finish|get out|say|speak in|talk in)\W+(?:a\W+|full\W+|whole\W+|one\W+)?sentences?\b"
            r"|\b(?:can|could) only (?:say|speak|get out|manage) (?:a few|one|two|three|a couple of|\d|\w+ or \w+)"
            r" words\b|\b(?:few|two|three|couple of|\d) words (?:at a time|before (?:i|he|she|they) (?:need|needs|have"
            r"|has) to (?:breathe|stop|gasp))"
        ),
        # puffed after carrying or climbing, said as being unfit ("breathing hard after 4 flights, just unfit lol")
        exclude=_EXERTION + r"|\b(?:unfit|out of shape|not fit|need to get fit\w*)\b|\b(?:after|from) (?:carry\w*"
        r"|lugg\w*|haul\w*|shovel\w*|mow\w*|climbing|walking up|going up)\b|\bup (?:\d+|two|three|four|five|the)"
        r" (?:flights?|hills?|stairs)\b",
    ),
    _p(BREATHING, "gasping", r"\bgasp\w*\b", exclude=_EXERTION),
    _p(
        BREATHING,
        "choking",
        r"\bchok(?:e|es|ed|ing)\b",
        exclude=(
            r"chok\w* (?:on|with) (?:all |so much )?(?:this|the|that|these|those|my)? ?(?:info\w*|data|"
            r"numbers|news|work|emotion\w*|tears|words|pride)|chok\w* up|\blol\b|\bhaha\b"
            # a snore that sounds like choking is a question about sleep apnoea, not someone choking now
            r"|\bsnor\w*"
        ),
    ),
    _p(
        BREATHING,
        "suffocating",
        r"\bsuffocat\w*\b",
        # figurative: "suffocating under all this paperwork"
        exclude=r"\bsuffocat\w* (?:under|by)\b|\bsuffocat\w* (?:with|in) (?:all )?(?:this |the |my )?(?:work"
        r"|paperwork|stress|debt|bills|emails|deadlines|job|relationship|marriage)",
    ),
    _p(
        BREATHING,
        "cyanosis",
        r"\b(?:lips?|face|fingers?|fingertips|skin|mouth)\W+(?:\w+\W+){0,2}(?:turning |going )?(?:blue"
        r"|purple)(?:ish)?\b"
        r"|\b(?:turning|turned|gone|going|went|looks?|looking|is|are) (?:a bit |kind of |kinda |all )?(?:blue"
        r"|purple)(?:ish)?\b"
        r"(?! (?:in the face|light|screen|tooth|line|icon|dot|badge))"
        r"|\b(?:blue|purple|grey|gray)(?:ish)?\W+(?:around|round|on|in)\W+(?:the\W+|his\W+|her\W+|my\W+|their\W+)?"
        r"(?:mouth|lips?|face|fingers?|fingertips)\b|\b(?:blue|purple)(?:ish)?\W+(?:lips|fingertips)\b",
        exclude=_DEVICE + r"|\bblue in the face\b|\b(?:hair|dress|shirt|paint\w*|car|eyes?|sky|jeans|nails? polish)\b",
        # a bruise in the message whose colour this is, with no lips, mouth or breath named
        requires=r"^(?![\s\S]*\bbruis\w*)|\b(?:lips?|mouth|fingertips|breath\w*|breathing)\b",
    ),
    _p(
        BREATHING,
        "severe_short_of_breath",
        r"\b(?:so|very|really|extremely|severely|badly|too|super)\W+(?:short of breath|breathless|out of breath)"
        r"|\b(?:short(?:ness)? of breath|breathless)\W+(?:\w+\W+)?(?:at rest|even (?:when|while) (?:sitting|"
        r"resting|lying)|(?:and )?getting worse|sitting down|lying down|cannot speak|can barely)",
    ),
    _p(BREATHING, "wheezing", r"\b(?:severe(?:ly)?|bad(?:ly)?)\W+wheez\w*|\bwheez\w*\W+(?:badly|bad|a lot|severely)"),
    _p(
        BREATHING,
        "inhaler_not_working",
        r"\b(?:inhaler|puffer|nebuli[sz]er|ventolin|albuterol|salbutamol)\W+(?:\w+\W+){0,2}?(?:(?:is )?not (?:working"
        r"|helping|doing anything|touching it)|doing nothing|does nothing|did nothing|is useless|no help|has not helped"
        r"|not even helping)|\b(?:inhaler"
        r"|puffer)\W+(?:is\W+|has\W+)?(?:empty|run out|ran out|out)\b|\bran out of (?:my )?(?:inhaler|puffer)"
        r"|\b(?:severe |bad |major )?asthma attack\b",
    ),
    # --- stroke ---
    _p(
        STROKE,
        "face_droop",
        r"\b(?:face|smile|mouth|eyelid|lip)s?(?:\W+[\w']+){0,4}\W+(?:droop\w*|fell|falling|sagg\w*|lopsided|"
        r"uneven|crooked|twisted)"
        r"|\b(?:droop\w*|lopsided|uneven|crooked)\W+(?:\w+\W+)?(?:face|smile|mouth)\b|\bcannot smile\b"
        r"|\b(?:dribbl\w*|drool\w*|leak\w*|spill\w*|running|pouring)\b.{0,30}\b(?:corner|side) of (?:my|his|her|their)"
        r" (?:mouth|lips?)\b",
    ),
    _p(
        STROKE,
        "face_numb",
        (
            r"\b(?:face|mouth|lip)s?(?:\W+[\w']+){0,3}\W+numb\w*|\bnumb\w*\W+(?:in\W+)?(?:my\W+|his\W+|her\W+)?face"
            r"\b"
        ),
        # numbed on purpose: the dentist's or a clinic's local anaesthetic
        exclude=r"\b(?:dentist\w*|dental|novocaine|lidocaine|ana?esthe\w*|numbing|filling|root canal|botox)\b",
    ),
    _p(
        STROKE,
        "slurred_speech",
        r"\b(?:slurr\w*|garbled|jumbled)\b",
        # a puzzle or a coded text ("read this jumbled-letter message and do it") is not speech
        exclude=r"\b(?:jumbled|garbled|scrambled)\W+(?:up\W+)?letters?\W+(?:message|text|puzzle|code|game|word)"
        r"|\b(?:anagrams?|cipher|decode|unscramble|word (?:search|puzzle))\b"
        # a mouth numbed for dental work
        r"|\b(?:dentist|dental|novocaine|root canal|(?:local )?ana?esthetic|numbed (?:my|his|her) (?:mouth|gum|lip))",
    ),
    _p(
        STROKE,
        "speech_difficulty",
        rf"\b{_DIFFICULTY}\W+(?:\w+\W+){{0,2}}?(?:speak|talk|talking|speaking|find (?:{_PRONOUN} |the |any )?words"
        rf"|get {_PRONOUN} "
        rf"words out|understand (?:what|people|anyone|words|anything))\b"
        r"|\bwords\W+(?:are\W+|keep\W+)?(?:coming out|come out)\W+(?:all\W+)?(?:wrong|weird|jumbled|mixed|scrambled"
        r"|garbled|muddled|backwards|in the wrong order)|\bspeech\W+(?:is\W+"
        r"|sounds\W+)?(?:\w+\W+)?(?:weird|strange|off|funny|wrong|slow|drunk|odd|different)\b|\b(?:sound|sounds"
        r"|sounding|talking|talks|talk|speak|speaks|speaking) (?:like (?:a |i am |he is |she is )?)?drunk\b"
        # ("this sounds weird but ..." is the writer's own question, not someone's speech)
        r"|\b(?:talking|talks|talk|speaking|speak|(?<!this )(?<!that )(?<!it is )sounds|sounding) (?:all |so |very )?"
        r"(?:funny|strange|weird|odd|wrong"
        r"|gibberish)\b|\bstopped making sense\b"
        r"|\b(?:gibberish|nonsense"
        r"|not making (?:any )?sense)\b|\b(?:he|she|they|mom|mum|dad|father|mother|husband|wife|grandma|grandpa"
        r"|grandmother|grandfather)\W+(?:is\W+|are\W+|seems\W+)?(?:very\W+|really\W+|suddenly\W+|so\W+)?confused\b",
    ),
    _p(
        STROKE,
        "one_sided_weakness",
        r"\b(?:one|left|right|1)\W+(?:whole\W+|entire\W+)?side(?:\W+[\w']+){0,7}?\W+(?:weak\w*|numb\w*|droop\w*|paraly\w*"
        r"|fell|dead|heavy"
        r"|is not working"
        r"|not working|stopped working|will not work|useless|"
        r"tingl\w*|cannot (?:move|feel))"
        r"|\b(?:weak\w*|numb\w*|paraly\w*|tingl\w*)(?:\W+[\w']+){0,4}\W+(?:one|left|right)\W+(?:whole\W+|entire\W+)?side"
        rf"|\bcannot (?:move|feel|lift|raise|use|hold|grip) (?:{_PRONOUN}\W+)?(?:left\W+"
        rf"|right\W+|one\W+)?(?:side|arm|leg"
        r"|hand)"
        r"|\b(?:hand|arm|leg|fingers)\W+(?:will not|cannot|does not|would not|is not)\W+(?:grip|work|move|hold|respond)"
        r"|\b(?:arm|leg|hand)\W+(?:just\W+|suddenly\W+|has\W+)?(?:went|is|feels|has gone|gone)\W+(?:\w+\W+)?"
        r"(?:numb|weak"
        r"|dead|limp)",
        # a tight cuff or a slept-on arm goes numb for a moment
        exclude=(
            r"\bcuff\b|\bfor a (?:sec|second|moment|bit|minute)\b|\b(?:slept|sleeping|lying|lay|laying) on\b"
            r"|\bfell asleep\b"
        ),
    ),
    _p(
        # one side of the face or body numb said plainly ("gone to sleep", "dead", "like it isn't mine")
        STROKE,
        "one_sided_weakness",
        r"\b(?:one|left|right|1|same)\W+side\W+of\W+(?:my|his|her|their|the)\W+(?:face|mouth|body|tongue|lips?)\b"
        r"(?:\W+[\w']+){0,6}?\W+(?:(?:gone|went|going|fallen|falling) (?:to sleep|dead|numb|funny|floppy)|asleep|dead"
        r"|not (?:mine|my own|his|hers|theirs|part of me)|belongs? to someone else|like (?:rubber|cotton wool|wood))\b",
        exclude=r"\b(?:dentist|dental|filling|injection|anaesthe\w*|anesthe\w*|novocaine|numbing|root canal|botox)\b",
    ),
    _p(
        # the arm and the leg of one side weak or numb together ("my left leg and left arm are weak and tingly",
        # "right arm and leg gone heavy"): one side of the body, not a limb slept on
        STROKE,
        "one_sided_weakness",
        r"\b(left|right)\W+(?:arm|leg|hand|foot)\W+(?:and|&|plus)\W+(?:(?:my|his|her|their|the)\W+)?(?:\1\W+"
        r"|same\W+side"
        r"\W+)?(?:arm|leg|hand|foot)s?\b(?:\W+[\w']+){0,3}?\W+(?:weak\w*|numb\w*|tingl\w*|heavy|dead|limp|useless"
        r"|paraly\w*|not working|will not (?:move|work)|(?:went|gone|going) (?:weak|numb|dead|limp))"
        r"|\b(?:weak\w*|numb\w*|tingl\w*|heav\w*|paraly\w*)\W+(?:\w+\W+){0,2}?(?:in\W+)?(?:(?:my|his|her|their"
        r"|the)\W+)?"
        r"(left|right)\W+(?:arm|leg|hand|foot)\W+(?:and|&|plus)\W+(?:(?:my|his|her|their|the)\W+)?(?:\2\W+)?"
        r"(?:arm|leg|hand|foot)\b",
        exclude=(
            r"\bcuff\b|\bfor a (?:sec|second|moment|bit|minute)\b|\b(?:slept|sleeping|lying|lay|laying) on\b"
            r"|\bfell asleep\b|\b(?:gym|workout|leg day|squats|lifting|reps|run|running|hike|sore)\b"
        ),
    ),
    _p(
        STROKE,
        "sudden_neuro",
        r"\b(?:sudden|suddenly|all of a sudden)(?:\W+[\w']+){0,3}\W+(?:weak\w*|numb\w*|confus\w*|cannot (?:see|"
        r"speak|talk|walk|understand|move)"
        r"|trouble (?:speaking|walking|seeing|talking)|(?:severe|terrible|horrible|excruciating|awful|intense"
        r"|splitting|worst|explosive|exploding) headache|loss of (?:balance|vision)|lost (?:balance|vision)|blind\w*"
        r"|double\b|seeing double"
        r"|blurr\w* vision|(?:vision|sight|everything) (?:is |went |goes |has gone )?(?:blurr\w*|double|dark|black)"
        r"|dizz\w* and (?:weak|numb|confused)|droop\w*|slurr\w*)",
    ),
    _p(
        STROKE,
        "sudden_neuro",
        r"\bcannot see (?:straight|properly|clearly|right)\b",
        # ... unless the glasses are lost or the text on a screen is blurry ("lost my glasses, can't see properly lol")
        requires=r"^(?![\s\S]*\b(?:glasses|specs|spectacles|reading glasses|contact lenses|contacts|screenshot|font"
        r"|small print|tiny (?:print|writing|text)|text on (?:the|my) (?:phone|screen))\b)",
    ),
    _p(
        # acute confusion in someone who was well hours ago (stroke, sepsis, a low sugar or low pressure): not knowing
        # where or who or when, muddled, the same question over and over, a relative called by the wrong name
        STROKE,
        "acute_confusion",
        r"\b(?:does not|do not|did not|cannot|can not|no longer|is not able to) (?:know|recogni[sz]e|remember|tell)"
        r" (?:where (?:he|she|they|i|we) (?:is|are|am|was|were)|who (?:i|we|he|she|they|anyone) (?:am|are|is)|what"
        r" (?:year|day|month|time) it is|(?:me|us|anyone|his own \w+|her own \w+)\b)"
        r"|\b(?:confused|muddled|disoriented|disorientated|befuddled)\b(?!\W+(?:about|by|with|over|as to|which"
        r"|whether|what|how|why|when)\b)|\bnot making (?:any )?sense\b"
        r"|\bkeeps? (?:asking|saying|repeating) the same (?:question|thing|things|questions)\b"
        r"|\bcall\w* (?:me|us|him|her) by (?:the wrong|someone else's|another|(?:my|his|her|our) \w+'?s?) name\b",
        requires=(
            r"\b(?:sudden\w*|all of a sudden|out of (?:nowhere|the blue)|(?:was|were|seemed|had been) (?:\w+ )?(?:fine"
            r"|normal|ok|okay|alright|all right|himself|herself|themselves|sharp)\b|came on|come on|(?:in|over|within)"
            r" the (?:last|past) (?:\w+ )?(?:hours?|min\w*)|(?:an?|\d+|a few|few|two|couple of) (?:hours?|min\w*) ago"
            r"|since (?:lunch|breakfast|dinner|this morning|earlier))"
        ),
        # an app, a map or a dose schedule that confuses
        exclude=r"\b(?:app|gps|phone|website|maps?|sat ?nav|software|computer|instructions|doses?|schedule|form)\b",
    ),
    _p(
        STROKE,
        "worst_headache",
        (
            # a headache whose everyday cause is named in it ("worst caffeine headache") is not the thunderclap kind
            r"\bworst (?!(?:caffeine|hangover|withdrawal|sinus|tension|dehydration) )(?:\w+ )?(?:headache|head ?ache"
            r"|head pain|pain in (?:my|his|her|their) head|migraine)\b"
            r"|\b(?:headache|head ?ache|head pain|migraine)\w* of (?:my|his|her|their) (?:life|lives)\b"
            r"|\bthunderclap\b|\bheadache\W+(?:like\W+)?(?:a\W+)?(?:thunder|explosion)"
            # the first or worst of one's life, said other ways: "worse than it has ever been", "never had one like it"
            r"|\b(?:headache|head ?ache|head pain|migraine|head)\b(?:\W+[\w']+){0,4}?\W+worse than (?:it|i|he|she|they)"
            r" (?:has |have |had )?ever\b|\b(?:headache|head ?ache|head pain|migraine)\b.{0,60}\bnever (?:had|felt"
            r"|known) (?:anything|one|a \w+|pain) like (?:it|this|that)\b|\b(?:explosive|exploding) (?:headache"
            r"|head ?ache|head pain)\b|\bnever (?:had|felt|known) (?:a|an|one|any) (?:\w+ )?(?:headache|head ?ache"
            r"|head pain|migraine) like (?:it|this|that)\b"
            # a pain that bursts in the head, said as a pain in a place ("exploding pain in the back of my head")
            r"|\b(?:explod\w*|explosive|bursting|thunderclap)\W+(?:\w+\W+)?pain\w*\W+(?:in|at|through"
            r"|across)\W+(?:the\W+"
            r"(?:back|base|top|side)\W+of\W+)?(?:(?:my|his|her|their|the)\W+)?(?:head|skull)\b"
        ),
    ),
    _p(
        STROKE,
        "vision_loss",
        r"\bcannot see\W+(?:out of|from|with|in)\W+(?:one|my|his|her)\W*(?:\w+\W+)?(?:eye|side)"
        r"|\b(?:lost|losing) (?:my |the )?(?:vision|sight)\b|\bblind in one eye\b"
        r"|\b(?:vision|sight|everything|eyes)\W+(?:\w+\W+){0,2}(?:went|going|gone|turned)\W+(?:black|dark|blank|grey"
        r"|gray|double)"
        # half the field of view gone ("half of what I look at has vanished")
        r"|\bhalf (?:of )?(?:everything|my (?:vision|sight)|what (?:i|he|she) (?:see|sees|look at|looks at)|the (?:page"
        r"|screen|room|view|picture))\b(?:\W+[\w']+){0,5}?\W+(?:disappeared|vanished|gone|missing|went (?:dark|black"
        r"|blank)|blacked out)\b",
    ),
    _p(
        # a sudden severe headache: with a stiff neck, or "like being hit" (thunderclap), or the worst pain ever
        STROKE,
        "worst_headache",
        r"\b(?:headache|head ?ache|head pain|migraine)\b.{0,60}\b(?:stiff neck|neck (?:is |feels |has gone "
        r"|went )?(?:so "
        r"|really |very )?stiff)\b|\b(?:stiff neck|neck (?:is |feels )?stiff)\b.{0,60}\b(?:headache|head ?ache"
        r"|head pain)\b"
        r"|\b(?:headache|head ?ache|head pain|pain in (?:my|his|her) head)\b.{0,30}\b(?:like|as if) (?:being |i was "
        r"|i had "
        r"been |he was |she was |someone )?(?:hit|struck|smacked|whacked|kicked|shot)\b"
        r"|\bworst pain (?:ever|of (?:my|his|her) life|i have ever)\b",
        requires=r"\bhead\w*|\bmigraine",
    ),
    _p(
        STROKE,
        "stroke",
        r"\bstrokes?\b",
        weak=True,
        exclude=rf"\bheat\W?stroke|\bstroke (?:rate|count|volume)|swim|{_FIGURATIVE_OR_MEDIA}|{_CONDITION_COMPOUND}",
    ),
    # --- syncope ---
    _p(
        SYNCOPE,
        "fainted",
        r"\b(?:fainted|fainting|faints|passed out|pass out|passing out|blacked out|blacking out|black out|"
        r"collapsed|collapses|collapsing|lost consciousness|losing consciousness|keeled over)\b",
        exclude=(
            r"(?:passed out|collapsed|collapsing|crashed|passed) (?:on|onto|into|in) (?:the |my |our )?(?:bed|"
            r"couch|sofa|chair|armchair)"
            r"|\bpassed out (?:drunk|laughing)|\bhaha\b|\blol\b"
            # laughter and surprise as figures of speech ("nearly collapsed laughing", "almost fainted at the bill")
            r"|\b(?:passed out|collapsed|fainted|keeled over) (?:laughing|with laughter|from laughing|in (?:fits of )?"
            r"laughter)\b|\b(?:nearly|almost|practically|about to) (?:fainted|passed out|collapsed|keeled over)\b"
            r"(?= (?:from|with|in|of) (?:the )?(?:shock|surprise|embarrassment)\b|.{0,40}\b(?:price|prices|bill|cost"
            r"|receipt|invoice|quote|score)\b)"
            # a plan, a diet or a habit that collapsed ("my meal prep plan collapsed by week 2")
            r"|\b(?:plans?|diet|dieting|routine|regime|regimen|meal prep|streak|resolutions?|budget|schedule|motivation"
            r"|willpower|deal|market|business|marriage|relationship|negotiations?|healthy eating|goals?)\b"
            r"(?:\W+(?!(?:he|she|i|they|we|him|her|and|when|while|then|dad|mum|mom|husband|wife|son|daughter)\b)[\w']+)"
            r"{0,6}?\W+(?:collapsed|collapses|collapsing)\b"
            r"|\bcollaps\w* (?:of )?(?:my|our|the|his|her|their) (?:\w+ ){0,3}?(?:plans?|diet|routine|regime|streak"
            r"|resolutions?|budget|schedule|motivation|willpower|project|deal|market|business|marriage|relationship)\b"
            r"|\bfrom (?:sheer |pure )?(?:boredom|laugh\w*)|\bbored\b"
            # a pet is a vet's emergency; surprise at a price or a view is a figure of speech
            r"|\b(?:dog|cat|puppy|kitten|pet|hamster|rabbit|bird|goat|horse)s?\W+(?:(?:just|has|had|suddenly|keeps"
            r"|kept|then)\W+)?(?:fainted|fainting|faints|passed out|collapsed|collapses|collapsing|keeled over"
            r"|blacked out)\b|\b(?:almost|nearly) (?:fainted"
            r"|passed out|collapsed) (?:when|as) (?:i|we) (?:saw|heard|read|opened|looked at|got)\b"
        ),
    ),
    _p(
        SYNCOPE,
        "near_faint",
        r"\b(?:about to|going to|feel|feeling|felt|might|could)\W+(?:\w+\W+)?faint\b"
        # faint as the adjective of something else ("I feel faint hope", "a faint smell", "faint praise")
        r"(?!\W+(?:hope|chance|glimmer|trace|hint|idea|memory|smell|sound|light|line|praise|echo|pulse of hope))"
        r"|\b(?:dizzy|light ?headed|spinning|woozy|faint)\W+(?:\w+\W+){0,4}?(?:cannot|can barely|unable to)"
        r" (?:stand|walk|get up|stay up|sit up)\b",
        # a habit with a known trigger ("I feel faint when I give blood", "I always feel faint at blood draws") is
        # a question for the assistant
        exclude=r"\b(?:whenever|every time|each time|when i (?:give|donate|see|stand|get up|skip|have not))\b"
        r"|\b(?:at|during|for|with|when (?:getting|having|giving|i get|i have)|before|after) (?:the |a |my |an )?"
        r"(?:blood (?:draws?|drawn|tests?|work|donation|taken)|needles?|injections?|jabs?|shots?|vaccin\w*|flu shot"
        r"|sight of blood|dentist)\b|\b(?:always|usually|tend to|typically)\b(?=.*\b(?:blood (?:draws?|drawn|tests?"
        r"|taken|donation)|needles?|injections?|jabs?|shots?|dentist|donat\w*|sight of blood)\b)",
    ),
    # --- other ---
    _p(
        OTHER,
        "unresponsive",
        r"\b(?:unresponsive|unconscious|not (?:fully |really |very |properly |totally |completely )?(?:responding"
        r"|responsive"
        r"|conscious)|non ?responsive|barely (?:responsive|responding|conscious)|semi ?conscious|will not wake(?: up)?|"
        r"(?:will not|cannot|does not|is not) open (?:his|her|their) eyes|eyes (?:are )?roll(?:ed|ing) back"
        r"|not waking up|cannot wake (?:him|her|them|my \w+)(?: up)?|does not wake(?: up)?|will not respond"
        r"|not breathing|stopped breathing|no pulse|no heartbeat|heart (?:has )?stopped|will not (?:answer|respond)"
        r"|not answering|is not answering|fell\W+(?:\w+\W+){0,4}cannot get up|cannot get up"
        r"|not (?:reacting|reactive)|no reaction)\b",
        exclude=_DEVICE
        + r"|\bmy heart (?:\w+ )?stopped (?:when|as|for a (?:second|moment|sec)|the moment|watching|at)\b",
    ),
    _p(OTHER, "cardiac_arrest", r"\bcardiac arrest\b", weak=True),
    _p(
        OTHER,  # someone collapsed and not breathing NOW wins over any app or information framing
        "collapsed_not_breathing",
        r"\b(?:someone|somebody|a (?:man|woman|guy|lady|person|kid|child|player|runner|member)|he|she|my \w+)\b"
        r"(?:\W+[\w']+){0,6}?\W+(?:collapsed|went down|dropped|fell|keeled over)\b(?:\W+[\w']+){0,4}?\W+(?:is not"
        r"|not|stopped|has stopped) breathing\b",
        exclude=r"\b(?:if|in case|suppose|supposing|imagine|what happens when|whenever)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # researching how many of a medicine would be lethal, with the means at hand or the mood low
        "lethal_amount_research",
        r"\b(?:look(?:ed|ing)? up|search\w*|googl\w*|research\w*|read(?:ing)? up on|find(?:ing)? out|work(?:ing)? out"
        r"|check(?:ing|ed)?)\b(?:\W+[\w']+){0,3}?\W+how many\b(?:\W+[\w']+){1,4}?\W+(?:it (?:takes|would take)"
        r"|would (?:it )?take|(?:are |is )?(?:lethal|fatal|deadly|too many)|to (?:die|kill|end it|not wake up))\b"
        r"(?! to (?:lower|reduce|work|kick in|bring|start|get|see|notice|help|drop))",
        requires=r"\b(?:low|hopeless|done|empty|numb inside|boxes|packets|packs|bottles?|stockpil\w*|saved up|full"
        r"|all of them|enough|here with me|in the house)\b",
        informational_ok=False,
    ),
    _p(
        OTHER,
        "dying",
        # "... dying 😂 / lol": dying of laughter
        r"\bi (?:am|feel like i am|think i am) dying\b(?! (?:to|of|for|laugh\w*|here|inside))"
        r"(?!\W*(?:[\U0001f602\U0001f923\U0001f480\U0001f606]|(?:lol|lmao|lmfao|haha\w*|rofl)\b))",
    ),
    _p(OTHER, "ambulance", r"\b(?:need|call\w*|get|send) (?:an |the )?ambulance\b|\bcall(?:ing)? 911\b"),
    _p(
        OTHER,
        "severe_bleeding",
        r"\b(?:bleed\w*|blood(?!\W+(?:pressure|sugar|tests?|work|thinners?|donation|oxygen|type|count|levels?)))(?:"
        r"\W+[\w']+){0,6}?\W+"
        r"(?:will not stop|would not stop|not stopping|does not stop|heavily|heavy|everywhere|a lot|profusely|"
        r"uncontroll\w*|gushing|pouring|spurting)"
        r"|\b(?:severe|heavy|massive|uncontroll\w*|profuse|major)\W+(?:bleed\w*|blood loss|nosebleed)"
        r"|\b(?:cough\w*|vomit\w*|throw\w*|threw|spit\w*)\W+(?:up\W+)?(?:(?:bright|dark|fresh|red|lots of|a lot of"
        r"|some)\W+){0,2}(?:blood"
        r"|(?:pink |frothy |bloody )(?:foam|froth|spit))\b|\blost (?:a lot of|so much) blood\b"
        # digested blood from the stomach (a GI bleed, e.g. on anticoagulants)
        r"|\b(?:vomit\w*|throw\w* up|threw up|puk\w*|sick)\b.{0,50}\bcoffee ?grounds?\b"
        r"|\bcoffee ?grounds?\b.{0,30}\b(?:vomit\w*|throw\w* up|threw up|puk\w*)",
    ),
    _p(
        OTHER,
        "seizure",
        (
            r"\b(?:seizure\w*|seizing|convuls\w*|having a fit|fitting|epileptic fit)\b|\b(?:shaking|jerking) uncont"
            r"roll\w*"
        ),
        exclude=_CONDITION_COMPOUND + r"|\bas an? (?:young (?:man|woman|lad|girl)|kid|child|boy|girl|teen\w*|baby"
        r"|toddler|student)\b|\bnone since\b|\b(?:years|decades) ago\b|\bback in (?:19|20)\d\d\b",
    ),
    _p(
        OTHER,
        "anaphylaxis",
        r"\banaphyla\w*\b|\b(?:throat|airway)\W+(?:is\W+)?(?:closing|swelling|swollen|tight\w*|closed)"
        r"|\b(?:tongue|lips?|face|mouth|eyes?)\W+(?:is\W+|are\W+)?(?:swelling|swollen|blowing up|puff\w* up|balloon\w*)"
        r"|\b(?:used|using|needed|need|gave|give) (?:my |an |the |him |her )?epi\W?pen|\bcannot swallow\b|\bsevere "
        r"allergic reaction\b",
    ),
    # --- self-harm (988) ---
    _p(
        SELF_HARM,
        "kill_self",
        r"\b(?:kil{1,2}\w*|hurt\w*|harm\w*|cut\w*|shoot\w*|hang\w*)\W+(?:my\W*self|myself|himself|herself|themselves"
        r"|themself)\b|\bkms\b|\bfeel\w* like dying\b(?! (?:of|from|laugh\w*|inside|here|for|to))",
        informational_ok=False,
        exclude=(
            r"\b(?:cut|hurt) (?:my ?self|myself|himself|herself|themselves) (?:while|when|shaving|cooking|on"
            r"|with a knife|by accident|accidentally|at the gym|lifting|running|playing)"
            # working out hard: "i kill myself at spin class", "killing myself on the treadmill for nothing"
            r"|\bkill\w* (?:my ?self|himself|herself) (?:at|in|on|during|doing) (?:the |my |a |this |that |those )?"
            r"(?:\w+ )?(?:gym|spin|class|classes|workouts?|training|treadmill|bike|runs?|hills?|sessions?|crossfit|hiit"
            r"|pilates|zumba|boot ?camp|rowing|rower|squats|reps|weights)\b"
        ),
    ),
    _p(
        SELF_HARM,
        "want_to_die",
        r"\b(?:want|wants|wanted|wanting|wanna|going|wish|wishes|wishing|ready|plan\w*|decided|deserve"
        r"|try\w*|mind|intend\w*|determined|resolved)\W+(?:\w+\W+){0,2}?(?:to\W+)?(?:die|be dead|end (?:it|(?:my|his"
        r"|her|their) (?:own )?life|everything|things"
        r"|this(?=\W*$|\W+(?:now|tonight|today|pain|suffering|life|for good|forever)\b)))\b"
        r"|\b(?:nobody|no one|noone) (?:would|will) (?:even |really )?(?:miss|care about|notice) me\b|\bto end it\b"
        r"|\b(?:nobody|no one|noone) (?:would|will) (?:even |really |ever )?(?:miss|care|notice|mind)\b.{0,30}?\b(?:if"
        r"|when) i (?:just )?(?:died|die|was gone|were gone|was dead|were dead|disappeared|was not (?:here|around)"
        r"|were not (?:here|around)|killed myself|ended it)|\bwish (?:i|i was|i were|i had) (?:dead|died"
        r"|never been born)\b|\bend(?:ing)? it all\b|\bend(?:ing)? (?:my|his|her|their)(?: own)? life\b|\btake (?:my"
        r"|his|her|their)(?: own)? life\b"
        r"|\b(?:want|need)\W+(?:it|this|everything)\W+(?:all\W+)?to\W+(?:end|stop)\b",
        informational_ok=False,
        # somebody else's running joke ("my friend jokes about wanting to die whenever he has exams")
        exclude=r"\b(?:jokes?|joking|joked|kidding) (?:about|that|when)\b"
        # a figure of speech: "want to die of embarrassment / laughing"
        r"|\bdie (?:of|from|with) (?:embarrass\w*|shame|cringe|laugh\w*|boredom|bore\w*|jealousy|envy|happiness"
        r"|cuteness|excitement)\b"
        # a hard run or class that "felt like I was going to die": exertion, not intent
        r"|\b(?:felt|feel|feeling|thought) (?:like )?i (?:was|am|were) (?:going to|about to) die\b(?=.*\b(?:ran|run"
        r"|running|jog\w*|\d+k|marathon|race|workout|class|hike|sprint\w*|spin|hiit|gym|squats|leg day|stairs)\b)"
        r"|\b(?:ran|run|running|jog\w*|\d+k|marathon|race|workout|class|hike|sprint\w*|spin|hiit|gym|squats|leg day"
        r"|stairs)\b.*\b(?:felt|feel|feeling|thought) (?:like )?i (?:was|am|were) (?:going to|about to) die\b",
    ),
    # a general question ("lethal dose of caffeine? just curious") goes to the assistant; of one's own meds it does not
    _p(SELF_HARM, "lethal_dose", r"\blethal dose\b", exclude=_FICTION),
    _p(
        SELF_HARM,
        "suicidal",
        r"\bsuicid\w*\b|\bself\W?harm\w*\b",
        # a course, a statistic or a campaign is not a person at risk (a hotline is left out: calling one is)
        exclude=_FICTION
        + r"|\b(?:suicide|self\W?harm) (?:prevention|awareness|training|course|class|workshop|statistics"
        r"|stats|rates?|research|screening|first aid|squad|bombers?)\b"
        # a sports drill, a baseball play, a car door, a hot sauce
        r"|\bsuicides? (?:sprints?|runs?|drills?|shuttles?|lines?|squeeze|doors?|wings?|sauce"
        r"|hills?)\b",
    ),
    _p(
        SELF_HARM,
        "overdose",
        r"\boverdos\w*\b|\bod on\b",
        # a feast called an overdose ("overdosed on christmas cookies", "sugar overdose at the party")
        exclude=_FICTION + r"|\b(?:overdos\w*|od) (?:on|of) (?:(?:christmas|halloween|easter|holiday|birthday|party"
        r"|wedding|the|all the|leftover|homemade|girl scout|grandma's|mum's|mom's) ){0,2}(?:sugar|sweets|candy|cookies"
        r"|cake|chocolate|carbs|donuts|doughnuts|pizza|junk food|snacks|treats|dessert|pie|ice cream|cheese|salt"
        r"|crisps|chips|fries|turkey|food|leftovers|netflix|tv|sun|sunshine|cuteness|memes|nostalgia|" + _FOOD + r")\b"
        r"|\b(?:sugar|carb|candy|chocolate|cookie|cake|junk food|salt|cheese|pizza|holiday|christmas|halloween|snack"
        r"|dessert|food|cuteness|meme|nostalgia) overdose\b",
        # a vitamin or supplement doubled by mistake and asked about ("took my vitamin twice, is that an overdose?"),
        # anywhere in the message
        requires=r"^(?![\s\S]*\b(?:vitamins?|multivitamins?|supplements?|probiotics?|fish oil|gummies)\b"
        r"(?:\W+\w+){0,3}?\W+(?:twice|double|two times)\b)",
    ),
    _p(
        SELF_HARM,
        "overdose_intent",
        r"\b(?:take|taking|took|swallow\w*|down\w*)\W+(?:all|a whole bottle of|the whole bottle of|an entire bottle"
        r" of|every one of|a bottle of|all of)\W+(?:my\W+|the\W+|his\W+|her\W+)?(?:\w+\W+){0,3}?(?:pills|tablets|"
        r"meds|medications?|medicine)\b"
        r"|\bbottle of (?:pills|tablets)\b|\btoo many (?:of (?:my|the) )?(?:\w+\W+)?(?:pills|tablets|meds|sleeping "
        r"pills)\b|\b(?:would it take|does it take|it take|to take|needed|need) to die\b"
        r"|\blethal dose of (?:my|his|her)\b",
        informational_ok=False,
        # the daily routine: "should I take all my pills in the morning", "took all my pills today, log it"
        exclude=r"\b(?:in the (?:morning|evening)|at (?:night|bedtime|once or)|with (?:food|breakfast|dinner|lunch)"
        r"|on time|or split|split them|log\w*|schedule\w*|as prescribed|remind\w*|today)\b",
    ),
    _p(
        # a medicine swallowed on purpose ("took all my warfarin and my sleeping pills on purpose, I'm sorry"): an
        # overdose said by its intent, however many medicines are named between
        SELF_HARM,
        "overdose_intent",
        rf"\b(?:took|taken|swallow\w*|downed|popped|ate|had)\W+(?:\w+\W+){{0,6}}?{_MEDICINE}\b(?:\W+[\w']+){{0,3}}?\W+"
        r"(?:on purpose|deliberately|intentionally)\b"
        rf"|\b(?:deliberately|intentionally|on purpose)\W+(?:took|swallowed|downed|overdosed)\W+(?:\w+\W+){{0,6}}?"
        rf"{_MEDICINE}\b"
        # a number of tablets swallowed at once ("swallowed about 30 paracetamol"): far past any dose
        rf"|\b(?:swallowed|took|taken|downed|popped)\W+(?:about |around |maybe |like |over |nearly |almost |at least )?"
        rf"(?:[2-9]\d|\d{{3}}|twenty|thirty|forty|fifty|sixty|a hundred)(?!\W*(?:mg|mcg|ml|units?|g|mins?|minutes)\b)"
        rf"\W+(?:of (?:my |the |his |her )?)?(?:\w+\W+)?{_MEDICINE}\b",
        informational_ok=False,
        # the timing of a dose on purpose ("took my tablets late on purpose to see if I'd sleep better") is routine
        exclude=r"\b(?:late|early|later|earlier|before|after|with (?:food|breakfast|lunch|dinner|a meal)|at (?:night"
        r"|bedtime)|in the (?:morning|evening))\b",
    ),
    _p(
        SELF_HARM,
        "no_will_to_live",
        r"\b(?:do not|does not|never|no longer) want to (?:live|be alive|be here|wake up|exist|go on|stick around"
        r"|be around|carry on|keep going)\b|\bno (?:rea"
        r"son|point) (?:to|in) (?:live|living|going on|be alive)\b"
        r"|\b(?:life|living) (?:is not|is no longer|not) worth (?:living|it)\b"
        r"|\b(?:world|everyone|everybody|they|family|kids|people) (?:is|are|would be|will be)"
        r" better (?:off )?without me\b"
        r"|\bbetter off (?:without me|dead|"
        r"if i (?:was|were) (?:gone|dead))"
        r"|\bjump\w* (?:off|from) (?:a|the|my|this|that|our)\W+(?:\w+\W+)?(?:bridge|building|roof|rooftop|cliff"
        r"|balcony|window|overpass|tower|ledge|parking garage)\b|\b(?:jump|step|throw myself)\w* in front of (?:a"
        r"|the)\W+(?:\w+\W+)?(?:train|bus|truck|car|subway)\b|\bcannot go on\b|\bnot wake up\b"
        r"|\bdisappear\w* (?:forever|for good|permanently|for ever)\b"
        r"|\b(?:a|such a|just a|nothing but a) burden\b.{0,60}\b(?:disappear\w*|gone|dead|die|end it|not (?:be )?here"
        r"|not (?:be )?around|better off)\b"
        r"|\bstop taking .{0,40}\bso (?:that )?i (?:can |will )?die\b|\b(?:do not|cannot|can not|fail to)"
        r" (?:really |even |honestly |just |truly )?see (?:the|any|much of a|a) point (?:of|in) (?:going on|living"
        r"|life|anything|being alive|carrying on|continuing|it all|trying)\b"
        r"|\b(?:no|what is the) point (?:in|of) (?:going on|living|life|being alive|carrying on|it all)\b"
        r"|\bno point\b.{0,40}\b(?:in|of) (?:being here|being around|being alive|existing|living|going on)\b"
        r"|\bbetter off (?:if i (?:just |simply )?(?:was|were|am)(?: not)? (?:gone|dead|around|here|alive|never born)"
        r"|if i (?:just )?(?:died|disappeared|did not exist|was never born))|\b(?:life|living|everything"
        r"|existence) (?:is|feels) (?:pointless|meaningless|hopeless|not worth it)\b|\bgiv(?:e|ing|en) up on (?:life"
        r"|living|everything|myself)\b|\b(?:i am|i will|going to|gonna) end(?:ing)? (?:it|things|everything"
        r"|this)\b(?! (?:with|for|at|early|there|now and))|\b(?:done|finished) with (?:life|living|it all|everything"
        r"|this life)\b|\b(?:tired|sick) of (?:living|being alive|life|existing)\b"
        r"(?!\W+(?:on|with|off|like this diet)\b)"
        r"|\bwant (?:it|this"
        r"|everything) (?:all )?to be over\b|\b(?:happier|better|easier|relieved)\b.{0,30}\bif i (?:was|were"
        r"|am) (?:dead|gone|not here|not around)\b"
        # welcoming one's own death: "if my heart just stopped tonight i would be relieved"
        r"|\b(?:relieved|relief|glad|happy|happier|grateful|thankful|would not mind|a blessing|welcome it)\b.{0,40}"
        r"\bif (?:my heart|i) (?:just |simply |finally )?(?:stopped|gave out|died|did not wake(?: up)?"
        r"|never woke(?: up)?)"
        r"\b|\bif (?:my heart|i) (?:just |simply |finally )?(?:stopped|gave out|died|did not wake(?: up)?|never woke"
        r"(?: up)?)\b.{0,40}\b(?:relieved|a relief|glad|happier|grateful|thankful|would not mind|a blessing"
        r"|welcome it)\b"
        r"|\b(?:want|wanna|wish|hope|hoping"
        r"|wishing)\W+(?:\w+\W+){0,6}?(?:never wake(?: up)?|sleep forever|not (?:be )?here anymore)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,
        "farewell",
        r"\b(?:said|saying|say) (?:my )?goodbyes?(?: to (?:everyone|everybody|my family|my kids|the world))?\W*$"
        r"|\b(?:wrote|written|writing|write|left|leaving|finished)\W+(?:\w+\W+){0,2}(?:goodbye|suicide|farewell"
        r"|final)\W+(?:letters?|notes?|messages?|videos?)\b|\b(?:tonight|today|this)\W+(?:is|will be"
        r"|is going to be)\W+my\W+(?:last|final)\W+(?:night|day)\b|\bmy last (?:night|day) (?:alive|on earth)\b"
        r"|\b(?:it is|this is|tonight is|today is) my (?:last|final) (?:night|day)\b(?!\W+(?:in|at|of|on|before"
        r"|here|with|off"
        r"|shift|as|working)\b)"
        r"|\b(?:wrote|written|writing|left|leaving)\W+(?:\w+\W+){0,2}?(?:notes?|letters?)\W+(?:for"
        r"|to)\W+(?:my\W+)?(?:kids|children|family|wife|husband|parents|mom|dad|everyone|loved ones)\W*$"
        r"|\bgiv\w* away (?:all (?:of )?)?(?:my|his|her|their) (?:stuff|belongings|possessions)\b"
        # notes to the family and then readiness / an apology ("wrote letters to my kids and im ready")
        r"|\b(?:wrote|written|writing|left|leaving|finished)\W+(?:\w+\W+){0,2}?(?:notes?|letters?)\W+(?:for|to)\W+"
        r"(?:my\W+|all\W+)?(?:kids|children|family|wife|husband|parents|mom|mum|dad|everyone|loved ones|friends)\b"
        r".{0,40}\b(?:ready|sorry|goodbye|done|over|gone|tonight|the end|forgive)\b"
        r"|\b(?:i am|i feel|feel) (?:finally |so |just )?ready to (?:die|go now|leave this world|be gone|end it"
        r"|not be here)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,
        "hopeless_farewell",
        r"\b(?:nobody|no one|noone) (?:cares|would care|will care|gives a \w+) (?:if|whether) i (?:live|die|lived|died"
        r"|am alive|am dead|was dead|was gone)\b|\b(?:i am|i have|i feel) (?:so |just |completely )?done(?=\s*[.!,;]"
        r"|\s+(?:goodbye|bye"
        r"|farewell)).{0,30}"
        r"\b(?:goodbye|bye|farewell)\b|\bgoodbye (?:cruel )?world\b|\b(?:goodbye|farewell) (?:everyone|everybody|all)"
        r"\b.{0,20}(?:forever|for good|for the last time|sorry|love you)",
        informational_ok=False,
    ),
    _p(
        OTHER,  # preeclampsia warning signs (ACOG): severe headache, vision changes, sudden swelling in pregnancy
        "pregnancy_warning",
        r"\b(?:severe|terrible|bad|awful|pounding|splitting|worst|really bad|excruciating)\W+(?:\w+\W+)?headache"
        r"|\bhead\W+(?:is\W+)?(?:pounding|splitting|killing me)|\bheadache\b.{0,40}\b(?:will not go|not going"
        r"|getting worse)"
        r"|\b(?:seeing|see)\W+(?:\w+\W+)?(?:spots|flashing lights|flashes|stars|(?:sparkl\w*|shimmer\w*|twinkl\w*"
        r"|zig ?zag\w*|flicker\w*) lights)"
        r"|\bpain\w*\W+(?:\w+\W+)?(?:under|below|beneath) (?:my |the )?right (?:ribs?|rib ?cage)\b"
        r"|\b(?:blurr\w*|double|lost"
        r"|losing)\W+(?:\w+\W+)?vision"
        r"|\b(?:face|hands|feet|legs)\b.{0,30}\b(?:swell\w*|swollen|puff\w*)\b.{0,20}\b(?:suddenly|all of a sudden"
        r"|overnight"
        r"|today)|\bsudden\w*\W+(?:\w+\W+)?swell\w*|\bswell\w* up suddenly",
        requires=r"\b(?:pregnan\w*|weeks (?:along|gone)|postpartum|post-partum|gave birth|just had (?:a|my|the) baby"
        r"|third trimester|(?:2|3)\d weeks)\b",
    ),
    _p(
        OTHER,  # a diabetic who is confused and sweating / shaking: severe hypoglycaemia until proven otherwise
        "hypoglycaemia",
        r"\b(?:diabetic|diabetes|insulin|type 1|type one|t1d)\b.{0,60}?\b(?:confus\w*|not making sense|will not wake"
        r"|cannot wake"
        r"|unresponsive|slurr\w*|passing out|passed out|seizure|fitting)\b",
        requires=r"\b(?:sweat\w*|shak\w*|trembl\w*|clammy|pale|confus\w*|drowsy|will not eat|cannot eat|slurr\w*)\b",
        requires_elsewhere=True,
    ),
    _p(
        SELF_HARM,
        "farewell",  # "goodbye. i love you all. im sorry"
        r"\b(?:goodbye|farewell)\b.{0,60}\b(?:i am sorry|so sorry|forgive me|love you all|love you guys|take care of"
        r" (?:the kids|mom|mum|dad|each other|yourselves))\b|\b(?:i am sorry|forgive me|love you all"
        r"|love you guys)\b.{0,60}"
        r"\b(?:goodbye|farewell)\b",
        informational_ok=False,
    ),
    _p(
        OTHER,  # someone on the floor who does not respond ("on the floor, eyes open but he will not talk to me")
        "person_down",
        r"\b(?:(?:is|are|lying|laying|slumped|collapsed) |found (?:\w+ ){1,2}?)(?:face down |flat )?(?:on"
        r"|in a heap on) the (?:\w+ )?(?:floor"
        r"|ground|pavement|sidewalk)\b",
        requires=r"\b(?:(?:will not|cannot|does not|is not|not|can not|would not)\W+(?:\w+\W+)?(?:talk|speak|answer"
        r"|respond"
        r"|move|wake|get up|breath\w*|open)\w*|unresponsive|not moving|limp|blue|pale|grey|gray|fitting|shaking)\b",
        exclude=r"\b(?:yoga|stretch\w*|playing|plank\w*|exercis\w*|push ?ups?|sit ?ups?|puzzle|lego|toys?|tantrum)\b",
    ),
    _p(
        SELF_HARM,
        "means_plan",  # a means at hand and a decision ("got a rope and i know what i am going to do")
        r"\b(?:rope|noose|gun|pistol|rifle|blades?|razors?|pills"
        r"|tablets)\b.{0,60}\b(?:know (?:exactly )?what i am going to"
        r" do|going to do it|do it tonight|doing it tonight|it is time|my plan|planned (?:it|everything)"
        r"|tonight is the night"
        r"|no one (?:can|will) stop me|made up my mind)\b"
        r"|\b(?:made up my mind|know what i am going to do|tonight is the night)\b.{0,60}\b(?:rope|noose|gun|pistol"
        r"|blades?"
        r"|razors?|pills|tablets|bridge|jump)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,
        "cutting",  # "i have been cutting and this time it is deep"
        r"\b(?:i have been|i am|i keep|i started|started|been|keep|i was) cutting(?: myself)?\b(?!\W+(?:back|down|out"
        r"|up"
        r"|off|carbs|sugar|salt|the|a|my|his|her|grass|hair|wood|paper|costs|calories|fat|weight|class|school|work|it"
        r"|them"
        r"|corners|ties)\b)",
        requires=r"\b(?:again|deep\w*|bleed\w*|blood|arms?|legs?|thighs?|wrists?|scars?|stitches|relapse\w*|stop)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,
        "worthless_life",  # "i dont deserve to live", "i should just die", "i just want to stop existing"
        r"\b(?:do not|does not|never) deserve to (?:live|be alive|exist|be here)\b|\bstop existing\b|\bcease to exist\b"
        r"|\bi (?:should|might as well|may as well|could|ought to) (?:just )?(?:die|kill myself|end it|disappear"
        r"|not be here)\b"
        r"(?! (?:of|from|laugh\w*|for|to|when|if))",
        informational_ok=False,
        exclude=r"\b(?:jok\w*|kidding) (?:about|that|when)\b",
    ),
    _p(
        SELF_HARM,
        "jump_intent",  # "i dont see a future for me, i am going to jump" (no place named)
        r"\b(?:i am|i will|i) (?:going to|about to|ready to|gonna) jump\b(?!\W+(?:in|into|on|onto|rope|start|ahead"
        r"|around"
        r"|back|up|over|at|through|to|for|higher|the gun|ship|queue|line|off the couch)\b)"
        r"|\b(?:do not|cannot|can not) see (?:a|any) future (?:for me|for myself|ahead of me)\b|\bno future for me\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,
        "cut_wrists",
        r"\b(?:cut|cutting|slit|slitting|slash\w*)\W+(?:my|his|her|their)\W+wrists?\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,
        "overdose_plan",
        r"\b(?:going to|gonna|will|plan to|planning to|want to|about to)\W+(?:take|swallow|down)\W+(?:them|these|those"
        r"|all of them|all the pills|all my pills|every pill|the (?:whole )?lot(?: of them)?)\W+(?:all\W+)?(?:tonight"
        r"|now|at once|together)?|\b(?:saved|saving"
        r"|stockpil\w*|hoard\w*|collect\w*)\W+(?:up\W+)?(?:\w+\W+)?(?:pills|meds|tablets)\b",
        requires=rf"\b(?:{_MEDICINE[3:-1]}|pills?|tablets?|sleeping|them all|all of them)\b",
        informational_ok=False,
        # picking up a prescription ("collecting my meds from the pharmacy")
        exclude=r"\b(?:from|at) (?:the )?(?:pharmacy|chemist|drugstore|clinic|surgery)\b|\bprescription\b"
        r"|\brefill\w*\b",
    ),
    _p(
        SELF_HARM,
        "means",
        r"\b(?:the |a |my )?(?:rope|noose|razor|blades?|pills)\W+(?:is\W+|are\W+)?(?:ready|prepared|all set)\b"
        r"|\b(?:tied|made|bought|got) a noose\b|\b(?:drive|crash|steer|swerve)\w* (?:my|the|our) (?:car|truck) (?:into"
        r"|off) (?:a|the)\b|\b(?:standing|sitting|stood|sat) (?:on|at) (?:the|a|this) (?:edge of (?:the|a) )?(?:bridge"
        r"|ledge|railing|tracks|edge of (?:the|a) (?:roof|building|cliff))\b|\b(?:use|using|turn|turning"
        r"|point\w*)\W+(?:it|them|the gun|a gun|the knife|a knife)\W+on\W+(?:myself|himself|herself)\b",
        informational_ok=False,
        # climbing, camping or boating gear
        exclude=r"\b(?:climb\w*|bouldering|gym|abseil\w*|camping|tent|boat|sailing|swing|tug of war|harness)\b",
    ),
    _p(
        SELF_HARM,
        "overdose_amount",
        # a whole container of a medicine, whatever it is called ("swallowed a whole bottle of tylenol")
        r"\b(?:took|taken|take|taking|swallow\w*|downed|ate|popped|gulped)\W+(?:like\W+|about\W+|almost\W+|nearly\W+)?"
        r"(?:a|an|the|half a|my|his|her)\W+(?:whole|entire|full)\W+(?:\w+\W+)?(?:bottle|pack|packet|box|strip|blister"
        r"|jar|tub|container|prescription|supply)s?\W+of\W+(?!(?:water|juice|soda|pop|milk|coffee|tea|wine|beer"
        r"|vodka|whiskey|whisky|gin|rum|champagne|cola|coke|kombucha|vitamin water|sparkling|cereal|cookies|chips"
        r"|crisps|candy|sweets|popcorn|ice cream|gum)\b)\w+"
        r"|\b(?:took|taken|swallow\w*|downed|ate|popped)\W+(?:like\W+|about\W+|around\W+|maybe\W+|over\W+|almost\W+"
        r"|nearly\W+)?(?:[1-9]\d+|a (?:whole |big |full |entire )?(?:handful|bunch|lot|load|bottle|pack|box|strip)"
        r"|handfuls|dozens"
        # the idiom of a weight lifted ("that took a lot of the pressure off") is not a dose
        r"|loads|tons|too many|way too many)\W+(?:of\W+)?(?:(?:my|his|her|the|these|those|all)\W+(?!" + _FOOD + r"\b)"
        r"(?!(?:pressure|stress"
        r"|strain|weight|burden|load|worry|worries|guesswork|heat|edge|sting|fear|anxiety|work|effort|time|fun|hassle"
        r"|mystery|pain out of)\b)"
        r"|(?:\w+\W+)?(?:pills|tablets|capsules|meds)\b)"
        # all of a drug people overdose on
        r"|\b(?:took|taken|swallow\w*|downed|ate|popped|injected)\W+(?:all|the rest|every one)\W+(?:of\W+)?(?:my|his"
        r"|her|the)\W+(?:xanax|valium|ativan|klonopin|ambien|oxy\w*|percocet|vicodin|tylenol|acetaminophen|paracetamol"
        r"|insulin|benadryl|opioids?|fentanyl|heroin|lithium|seroquel|sleeping pills|painkillers|antidepressants)\b",
        informational_ok=False,
    ),
    _p(CARDIAC, "heart_attack", r"\b(?:cardiac|heart) (?:event|episode)\b", weak=True),
    _p(
        SYNCOPE,
        "found_down",
        r"\b(?:found me|woke up|came to|came round|came around)\b(?:\W+[\w']+){0,4}?\W+(?:on|lying on) the (?:\w+ )?"
        r"(?:floor|ground)|\b(?:do not|cannot|can not) remember (?:falling|fainting|what happened|how i (?:fell|got))",
    ),
    _p(
        SELF_HARM,
        "no_way_out",
        r"\b(?:do not|cannot|can not|does not) see (?:a|any) way out\b|\bno way out\b"
        r"|\b(?:pills|tablets|meds)\W+(?:\w+\W+)?(?:lined up|counted out|laid out|in front of me|all ready)\b"
        r"|\bno (?:reason|point) for me to (?:be here|be alive|live|exist|go on|stick around|stay around|be around"
        r"|carry on|keep going|continue|keep living|bother)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,
        "ending_it_thoughts",
        r"\b(?:think\w*|thought\w*|obsess\w*|fantasi[sz]\w*|pictur\w*|imagin\w*|visuali[sz]\w*) (?:about |of )?"
        r"(?:myself )?(?:ending (?:it|things|everything|my life)"
        r"|killing myself|dying|suicide|not being (?:here|alive|around)|jumping(?!\W+(?:rope|jacks|in|into|on|back|up))"
        r"|taking all (?:of )?(?:my|the) (?:pills|tablets|meds))\b|\bunaliv\w*\b"
        r"|\bno (?:reason|point) (?:to |in |for me to )?(?:keep(?:ing)? |continu\w* |carry(?:ing)? on )?(?:live|living"
        r"|going on|be alive|being alive)\b",
        informational_ok=False,
    ),
    _p(
        OTHER,
        "person_down",
        rf"\b{_PERSON}\b(?:\W+[\w']+){{0,4}}?\W+(?:is\W+|are\W+)?(?:not moving|just dropped|dropped (?:to the (?:floor"
        r"|ground)|like a)|went down and|hit the (?:floor|ground)|fell and (?:is|will|cannot|hit))"
        rf"|\bfound\W+(?:{_PERSON}|me|my \w+)\W+(?:\w+\W+){{0,2}}?(?:on|lying on|collapsed on) the (?:floor|ground)",
        exclude=_DEVICE,
    ),
    _p(
        CARDIAC,
        "device_shock",
        # "my ICD has never fired": a never in between is not a shock
        r"\b(?:defib\w*|icd|implant\w*)\b(?:\W+(?!never\b|not\b)[\w']+){0,4}?\W+(?:shock\w*|fired|went off|zapp\w*)"
        r"|\bshocked me\b"
        # the passive: "shocked by my ICD again", "got zapped by the defib twice"
        r"|\b(?:shocked|zapped|jolted)\W+(?:\w+\W+){0,2}?by\W+(?:my|his|her|their|the)\W+(?:\w+\W+)?(?:icd|defib\w*"
        r"|implant\w*)\b",
    ),
    _p(
        SYNCOPE,
        "funny_turn",
        r"\b(?:had|took|having|taken) a (?:funny|queer|bad|nasty|strange) turn\b"
        r"|\b(?:may|might|going to|about to) swoon\b",
    ),
    _p(
        OTHER,  # a blow to the head followed by vomiting, drowsiness, confusion or a seizure
        "head_injury",
        r"\b(?:hit|banged|bumped|knocked|smacked|cracked|hurt)\W+(?:\w+\W+)?(?:head|skull)\b.{0,80}\b(?:throw\w* up"
        r"|threw up|(?:asking|asks|repeat\w*|saying) the same (?:question|thing)s?|does not know where (?:he|she"
        r"|they) (?:is|are)"
        r"|vomit\w*"
        r"|sick|sleepy|drowsy|confused|dazed|not making sense|will not wake|cannot wake|unconscious|seizure|fitting"
        r"|passed out|knocked out|blood from (?:his|her|my|their) (?:ear|nose))"
        r"|\b(?:fell|fall|fallen|crash\w*|knocked)\b.{0,40}\bhead\b.{0,60}\b(?:throw\w* up|vomit\w*|sleepy|drowsy"
        r"|confused|unconscious|will not wake|cannot wake)",
        requires=_HEAD_SIGNS_NOT_DENIED,
    ),
    _p(
        OTHER,
        "poisoning",
        r"\b(?:toddler|baby|infant|child|kid|kids|son|daughter|boy|girl|grandson|granddaughter|grandchild|grandkid"
        r"|niece|nephew|dog|puppy|cat|(?:year|yr|month)s?[ -]old)\W+(?:\w+\W+){0,2}?(?:swallowed|ate|got into|chewed"
        r"|drank"
        r"|took (?:some|all|a few|several|a bunch|a handful) of)[^\w,.;!?]+(?:[\w']+[^\w,.;!?]+){0,6}?(?:pills?"
        r"|tablets?|meds|medications?|medicine|bleach|detergent|pods?|poison|batter(?:y|ies))\b",
        # a pet already seen to by the vet ("the vet says it should be fine") is the vet's, not an emergency here
        requires=r"^(?![\s\S]*\bvets?\W+(?:\w+\W+){0,2}?(?:says?|said|thinks?|reckons?|told)\b)",
    ),
    _p(
        # a sedative or any medicine taken in number with drink, or in number and feeling it ("took like 8 of my
        # sleeping pills with wine"): a poisoning whatever the intent (alcohol deepens the sedation)
        OTHER,
        "poisoning",
        # ("had" only of a sedative by name: "had 6 of mum's sleeping tablets", not "had 6 pills today")
        r"\b(?:took|taken|swallow\w*|downed|popped|had(?=(?:\W+[\w']+){1,5}?\W+(?:sleeping|sleepers|xanax|valium"
        r"|ambien|zopiclone|diazepam|lorazepam|benadryl|painkillers|oxy\w*|tramadol|codeine)\b))\W+(?:like\W+|about\W+"
        r"|around\W+|maybe\W+|over\W+|almost\W+|nearly\W+|at least\W+)?(?:[5-9]|[1-9]\d|five|six|seven|eight"
        r"|nine|ten|twelve|fifteen|twenty|several|a handful|handfuls|a bunch|a lot|loads|lots)\W+(?:of\W+)?"
        r"(?:(?:my|his|her|their|the)\W+)?(?:[\w']+\W+){0,2}?(?:sleeping (?:pills|tablets)|sleepers|pills|tablets"
        r"|capsules|meds|xanax|valium|ambien|zopiclone|diazepam|lorazepam|benadryl|painkillers|oxy\w*|tramadol"
        r"|codeine)\b(?=.*\b(?:wine|beer|vodka|whisk\w*|gin|rum|booze|alcohol|drinks?|drinking|drunk|shots|tequila"
        r"|weird|heavy|woozy|drowsy|sleepy|cannot (?:stay awake|keep (?:my )?eyes open|think)|out of it|spaced out"
        r"|foggy)\b)",
        informational_ok=False,
    ),
    _p(
        # digoxin toxicity: sickness with yellow-green vision, or too much digoxin with sickness, confusion or a
        # slow pulse
        OTHER,
        "digoxin_toxicity",
        r"\b(?:yellow|green|yellowish|greenish)\W+(?:(?:and|or|green|yellow|greenish|yellowish)\W+)*(?:tint\w*"
        r"|tinge\w*|halos?|haze|hue|vision)\b|\b(?:everything|vision|sight|world|lights?|colou?rs)\W+(?:\w+\W+){0,3}?"
        r"(?:yellow|green|yellowish|greenish)\b|\b(?:see|seeing|sees|saw)\W+(?:\w+\W+)?(?:yellow|green)\b"
        r"|\b(?:extra|too much|too many|double|doubled|overdos\w*)\W+(?:\w+\W+)?(?:digoxin|lanoxin|digitalis)\b"
        r"(?=.*\b(?:vomit\w*|throw\w* up|threw up|sick|nause\w*|confus\w*|slow (?:pulse|heart)|dizz\w*)\b)",
        requires=r"\b(?:digoxin|lanoxin|digitalis)\b",
    ),
    _p(
        # carbon monoxide: headaches, dizziness or sickness in a household with a fuel-burning heater, or a CO
        # alarm sounding with symptoms
        OTHER,
        "carbon_monoxide",
        r"\b(?:(?:we (?:are |have |were |had |have been )?(?:all|both)|everyone|everybody|the whole (?:family|house)"
        r"|my whole family|the kids|both of us|all of us|the family)\b(?:\W+[\w']+){0,5}?\W+(?:headaches?|dizz\w*"
        r"|nause\w*|sick|vomit\w*|drowsy|confus\w*)"
        r"|(?:headaches?|dizz\w*|nause\w*|sick|vomit\w*|drowsy)\W+(?:\w+\W+){0,3}?(?:all of us|everyone|everybody"
        r"|the whole family|both of us))\b",
        requires=r"\b(?:carbon monoxide|co (?:alarm|detector)|heater|boiler|furnace|generator|gas (?:fire|stove"
        r"|heater|leak)|stove|fireplace|wood ?burner|chimney|exhaust|fumes)\b",
    ),
    _p(
        OTHER,
        "carbon_monoxide",
        r"\b(?:carbon monoxide|co (?:alarm|detector))\b",
        requires=r"\b(?:headaches?|dizz\w*|nause\w*|sick|vomit\w*|drowsy|confus\w*|faint\w*|sleepy|collaps\w*)\b",
    ),
    _p(
        # orthopnea getting worse (heart failure decompensating): cannot breathe lying down, has to sit up to
        # breathe, feels like drowning in bed
        BREATHING,
        "orthopnea",
        r"\b(?:have to|had to|need to|must|can only|keep having to)\W+(?:\w+\W+)?(?:sit|prop\w*|stand)\W+(?:\w+\W+)?"
        r"up\W+(?:\w+\W+)?(?:to\W+|so i can\W+|in order to\W+)(?:breathe|breath|get air|catch my breath)\b"
        r"|\b(?:cannot|can not|can barely|unable to|struggle to|struggling to)\W+(?:\w+\W+)?breathe?\W+(?:\w+\W+)?"
        r"(?:when|if|whenever|once|as soon as|lying)\W+(?:i\W+)?(?:lie|lay|lying|laying)\W+(?:down|flat|back)\b"
        r"|\b(?:drowning|suffocat\w*|choking)\W+(?:\w+\W+){0,2}?(?:when|whenever|if|once|as soon as)\W+(?:i\W+)?"
        r"(?:lie|lay)\W+(?:down|flat|back)\b",
        requires=r"\b(?:worse|worsening|tonight|right now|cannot sleep|frothy|gurgl\w*|drowning|panic\w*"
        r"|every night this week)\b",
        informational_ok=False,
    ),
    _p(
        # an atypical heart attack (women, diabetics, the old): upper-stomach or jaw burning with sweat or sickness,
        # said to be unlike one's usual heartburn; "not like my usual" contrasts, it does not deny the symptom
        CARDIAC,
        "atypical_mi",
        r"\b(?:not|nothing|unlike)\W+(?:\w+\W+){0,2}?(?:like\W+)?(?:my|the|his|her|their)\W+(?:usual|normal|regular"
        r"|typical|ordinary)\W+(?:heartburn|indigestion|reflux|acid|gerd|heart burn)\b",
        requires=r"\b(?:clammy|sweat\w*|nause\w*|jaw|arm|shoulder|breathless|short of breath|faint\w*|dizz\w*"
        r"|light ?headed|vomit\w*|gr[ae]y|pale)\b",
        informational_ok=False,
    ),
    _p(
        CARDIAC,  # AHA: chest pain not relieved by nitroglycerin (or needing dose after dose) is a call to 911
        "nitro_not_working",
        r"\b(?:nitro\w*|gtn|nitrostat|glyceryl trinitrate|nitrolingual)\b(?:\W+[\w']+){0,4}?\W+(?:(?:is |are )?not "
        r"(?:working|helping|doing anything|touching it)|did nothing|does nothing|doing nothing|no help|no relief"
        r"|has not helped|have not helped|did not help|does not help|useless|no difference|no effect|not (?:even )?"
        r"taking the edge off)"
        r"|\b(?:nitro\w*|gtn) (?:x|times) ?[2-9]\b"
        r"|\b(?:took|take|taken|taking|used|had|sprayed|needed)\W+(?:\w+\W+)?(?:2|3|4|two"
        r"|three|four|several|multiple)\W+(?:(?:puffs|sprays|doses) of (?:the |his |her |my )?|\w+\W+)?(?:nitro\w*"
        r"|gtn|sprays)\b(?!\W+(?:(?:before|as|in case|for)\b))",
    ),
    _p(
        CARDIAC,  # a sudden tearing / ripping pain in the chest or back (aortic dissection)
        "tearing_pain",
        r"\b(?:tearing|ripping)\W+(?:\w+\W+){0,2}?(?:pain|sensation|feeling)\b.{0,50}\b(?:back|chest|shoulder blades"
        r"|belly|abdomen|stomach)\b|\b(?:back|chest|shoulder blades)\b.{0,30}\b(?:tearing|ripping)\W+(?:pain"
        r"|sensation|feeling)\b",
        exclude=_WORKOUT + r"|\b(?:muscle|hamstring|tendon|ligament|acl|calf|knee)\b",
    ),
    _p(
        OTHER,  # a swollen, sore leg (DVT) and then sudden breathlessness or pain on breathing (pulmonary embolism)
        "pulmonary_embolism",
        r"\b(?:calf|leg|thigh)\b.{0,40}\b(?:swollen|swelling|sore|red|hot|painful|tender)\b.{0,80}\b(?<!no )(?<!not )"
        r"(?<!without )(?<!never )(?<!no sudden )(?<!not sudden )(?:sudden\w*"
        r"|breathless|short of breath|cannot (?:breathe|catch)|pain when i breathe|hurts? to breathe"
        r"|coughing (?:up )?blood)\b",
        exclude=r"\b(?:gym|workout|lifting|reps|leg day|squats?|after (?:a |my |the )?(?:run|running|hike|training"
        r"|match"
        r"|game))\b",
    ),
    _p(
        SELF_HARM,  # stopping one's medicine to die ("stop my heart meds so it all ends")
        "stop_meds_to_die",
        r"\bstop\w*\W+(?:taking\W+)?(?:\w+\W+){0,3}?(?:meds|medications?|pills|tablets|insulin"
        r"|medicine)\b.{0,40}\b(?:so"
        r" (?:that )?(?:i (?:can |will |would |could )?die|it (?:all )?ends?|it is (?:all )?over|i am gone"
        r"|(?:it|my heart) (?:will |would |can )?(?:just |finally )?(?:stops?|gives? out|fails?)"
        r"|i do not wake"
        r" up)|to die|to end it|and just die)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # a painless way to die ("the easiest way to go without it hurting")
        "method_question",
        r"\b(?:easiest|painless\w*|quickest|fastest|least painful|most peaceful|peaceful|quiet|gentlest)\W+(?:way"
        r"|method"
        r"|means)\W+to\W+(?:die|end it|end things|end my life|check out|kill myself|go(?=\W*(?:$|[,.;!?]|without"
        r"|in (?:my|your) sleep|peacefully|quietly|for good|forever)))",
        informational_ok=False,
        exclude=_FICTION,
    ),
    _p(
        SELF_HARM,  # a crash on purpose ("thinking about driving into a tree tonight")
        "crash_intent",
        r"\b(?:think\w*|thought|want\w*|going to|gonna|plan\w*|tempted|urge|wish\w*|might|feel (?:to|like))\W+"
        r"(?:\w+\W+){0,2}?"
        r"(?:driv\w*|crash\w*|steer\w*|swerv\w*|smash\w*)\W+(?:(?:my|the|our)\W+(?:car|truck|van)\W+)?(?:into|off)"
        r"\W+(?:(?:a|the)\W+)?(?:tree|wall|bridge|pole|lorry|truck|river|cliff|oncoming|barrier|pillar|lake|canal"
        r"|ravine)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # a quiet farewell to the app or the family, with finality
        "quiet_farewell",
        r"\b(?:will not|not going to|no longer|will no longer)\W+(?:be\W+)?(?:need\w*|around|here|using|use|bother\w*)"
        r"\b.{0,40}\b(?:after|past|beyond) (?:tonight|today)\b|\b(?:tired|sick|exhausted|weary) of (?:fighting|trying"
        r"|struggling|everything|it all)\b.{0,40}\bready to (?:go|give up|let go|leave)(?=\W*(?:$|[.,;!?]|now\b"
        r"|for good))",
        requires=r"\b(?:thank\w* (?:you )?for everything|goodbye|farewell|take care|sorry|for good|forever|love you"
        r"|tired|sick|exhausted|weary)\b",
        informational_ok=False,
    ),
    _p(
        CARDIAC,  # the pain of a past heart attack or stent, back now
        "cardiac_recurrence",
        r"\b(?:same|that|the|this)\s+(?:\w+\s+)?(?:pain|pressure|tightness|feeling|symptoms?|heaviness)\b.{0,50}\b(?:is"
        r"|are|has|have|it is)\s+(?:\w+\s+)?(?:back|returned|coming back|came back|happening again)\b",
        requires=r"\b(?:stent\w*|heart attack|bypass|angina|cardiac|heart|chest|angioplasty)\b",
        past_ok=True,
    ),
    _p(
        OTHER,  # someone down and not moving ("went down in the garden and isn't moving")
        "person_down",
        r"\b(?:went down|dropped|collapsed|fell (?:down|over)|keeled over|slumped)\b.{0,50}\b(?:is not|not|is no longer"
        r"|no longer)\W+(?:moving|breathing|responding|answering|waking)\b(?! (?:very |as |so |that |too "
        r"|much )?(?:fast"
        r"|well|quickly|much|far|around|about))",
        exclude=_DEVICE
        + r"|\b(?:dog|cat|puppy|kitten|pet|hamster|rabbit|bird|horse|stock|market|shares|price|car|traffic)\b",
    ),
    _p(
        OTHER,  # a fall or knock on anticoagulants, then headache / drowsiness (intracranial bleed)
        "anticoagulant_head",
        r"\b(?:blood thinners?|warfarin|coumadin|apixaban|eliquis|rivaroxaban|xarelto|dabigatran|pradaxa|edoxaban"
        r"|anticoagul\w*)\b.{0,60}\b(?:fell|fall|fallen|hit (?:my|his|her|their) head|bang\w*|knock\w*)\b.{0,80}"
        r"\b(?:headache|drows\w*|sleepy|confus\w*|vomit\w*|throw\w* up|threw up)",
    ),
    _p(
        OTHER,  # ... the fall told first and the blood thinner after ("fell and cracked my head, I'm on blood thinners,
        # now a splitting headache and being sick")
        "anticoagulant_head",
        r"\b(?:fell|had a fall|fallen|hit|bang\w*|knock\w*|crack\w*|bump\w*|smack\w*|whack\w*)\W+(?:\w+\W+){0,4}?"
        r"(?:my|his|her|their|the back of (?:my|his|her)|the side of (?:my|his|her))\W+head\b",
        requires=r"^(?=[\s\S]*\b(?:blood thinners?|warfarin|coumadin|apixaban|eliquis|rivaroxaban|xarelto|dabigatran"
        r"|pradaxa|edoxaban|anticoagul\w*)\b)(?=[\s\S]*(?<!\bno )(?<!\bnot )(?<!\bwithout )(?<!\bany )\b(?:headache"
        r"|splitting|drows\w*|sleepy|confus\w*|vomit\w*|throw\w* up|threw up|being sick|been sick|feel\w* sick)\b)",
    ),
    _p(
        OTHER,  # diabetic ketoacidosis: fruity breath with deep fast breathing, drowsiness or vomiting
        "ketoacidosis",
        r"\bfruity\b.{0,20}\bbreath\b|\bbreath\b.{0,20}\bfruity\b|\bketo ?acidosis\b|\bdka\b",
        requires=r"\b(?:type 1|type one|t1d|diabet\w*|insulin|drows\w*|vomit\w*|confus\w*"
        r"|breathing (?:deep|fast|hard))",
    ),
    _p(
        SYNCOPE,  # about to go down ("i feel like i am going to drop")
        "near_faint",
        r"\b(?:about to|going to|gonna)\W+(?:drop|collapse|keel over|hit the (?:floor|deck))(?=\W*(?:$|[,.;!?]|any"
        r" (?:second|minute)|right now))",
    ),
    _p(
        SELF_HARM,  # not expecting to be alive tomorrow
        "not_here_tomorrow",
        r"\b(?:do not think|doubt|not sure) (?:that )?i (?:will|would|am going to) (?:still )?(?:be here|be alive"
        r"|be around"
        r"|wake up|see)\b.{0,15}\b(?:tomorrow|the morning|next week|much longer|anymore)\b"
        r"(?!.{0,60}\b(?:travel\w*|trip|away|holiday|vacation|flight|flying|office|work|clinic|appointment|visit"
        r"|meeting|class|session)\b)",
        exclude=r"\b(?:travel\w*|trip|away|holiday|vacation|flight|flying|office|work|home|clinic|appointment|visit"
        r"|meeting|class|session)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # "would anyone even notice if I was gone"
        "nobody_would_notice",
        r"\bwould (?:anyone|anybody|people|they|my family|my kids|it matter) (?:even |really |ever )?(?:notice|care"
        r"|miss me"
        r"|matter)\b.{0,20}\bif i (?:was|were|am) (?:gone|dead|not here|not around)|\bwould (?:anyone|anybody) (?:even"
        r" |really )?miss me\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # a farewell to someone before going ("wanted to tell someone before i go")
        "farewell",
        r"\b(?:wanted|want|needed|had) to (?:tell|say (?:goodbye|bye) to|let) (?:someone|somebody|you|anyone"
        r"|one person)"
        r"\b.{0,30}\bbefore i (?:go|die|do it|leave|am gone)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # researching a method ("looking up ways to do it", "rather die ... thinking about how")
        "method_research",
        r"\b(?:look\w* up|research\w*|googl\w*|search\w*|read\w* about)\W+(?:\w+\W+)?(?:ways|methods|how) to (?:do"
        r" it|die|end it|kill myself|overdose|not wake up)\b|\brather (?:be )?(?:die"
        r"|dead)\b.{0,60}\b(?:thinking (?:about"
        r"|of) how|planned|how i would do it|how to do it)\b",
        informational_ok=False,
        exclude=_FICTION,
    ),
    _p(
        SELF_HARM,  # settling one's affairs with finality ("given my cat away and sorted my will, won't need anything")
        "affairs_in_order",
        r"\b(?:given|gave|giving)\b.{0,40}\b(?:cat|dog|pets?|things|stuff|belongings|possessions)\b.{0,60}\b(?:will not"
        r" need|not need(?:ing)? (?:anything|them|it)|my will|affairs)\b|\b(?:sorted|sorting|written|wrote|updated"
        r"|finali[sz]ed|made) (?:out )?my (?:will|affairs)\b.{0,60}\b(?:will not need|not need(?:ing)? anything|goodbye"
        r"|tonight|no longer need)\b|\b(?:the|my) (?:note|letter) is (?:on|in|by|under|next to|ready)\b",
        requires=r"\b(?:arranged|sorted|ready|goodbye|sorry|all set|it is time|tonight|given|gave|will not need)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # a height and a step ("standing on the roof ... thinking about stepping off")
        "height_intent",
        r"\b(?:standing|sitting|stood|sat|up|out) on (?:the|a|my|this|our) (?:roof|rooftop|ledge|edge|bridge|balcony"
        r"|railing|parapet)\b.{0,60}\b(?:step\w* off|jump\w*|let(?:ting)? go|end it|fall\w*|lean\w* over)\b"
        r"|\b(?:step\w*|jump\w*) off (?:the|a|this|my) (?:roof|ledge|edge|building|balcony|bridge|cliff|platform)\b"
        # on the way to a height, and a jump or a step when there
        r"|\b(?:drive|driving|go|going|walk|walking|head|heading|get|getting) (?:out |up |over |down )?to (?:the|a"
        r"|that|this) (?:\w+ )?(?:bridge|cliffs?|roof|rooftop|overpass|tower|ledge|multi ?storey|car park)\b.{0,40}"
        r"\b(?:and|to|then) (?:jump|step off|let go|end it)\b",
        informational_ok=False,
        exclude=r"\b(?:gutter\w*|repair\w*|fix\w*|cleaning|christmas lights|antenna|dish|solar)\b",
    ),
    _p(
        SELF_HARM,  # life insurance as a reason ("family would be better off with the insurance money")
        "insurance_motive",
        r"\b(?:better off|happier|be fine|be set|be rich)\b.{0,30}\b(?:life insurance|insurance money|payout)\b"
        r"|\b(?:life insurance|insurance)\b.{0,40}\bif i (?:died|was gone|were gone|was dead|were dead|was not here)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # pain or life wanted over for good; not caring whether one dies
        "end_for_good",
        r"\bwant (?:the|this|my|all the|all this) (?:pain|suffering|hurt\w*|misery)\b (?:to )?(?:end|stop)\w*"
        r" (?:permanently|forever|for good|once and for all)\b|\b(?:do not|does not) care (?:if|whether) (?:i (?:die"
        r"|live|wake up|make it)|my heart (?:stops|gives out|fails|gave out))\b",
        informational_ok=False,
    ),
    _p(
        STROKE,  # a limb that has stopped working ("typing with one hand, the other one stopped working")
        "limb_stopped_working",
        r"\b(?:other|one|left|right|his|her|my)\W+(?:one|hand|arm|leg|side)\b.{0,20}\b(?:stopped working|will not work"
        r"|is not working|went dead|gone dead|has gone dead|is useless|went limp|gone limp|has gone limp|will not move"
        r"|cannot move|is not moving|does not move|would not move)\b",
        exclude=r"\b(?:phone|screen|laptop|keyboard|mouse|watch|cuff|device|app|controller|remote|frozen shoulder"
        r"|surgery|operation|cast|sling|sprain\w*|broken|fractur\w*|injur\w*|arthritis|stiff\w*|physio\w*)\b",
    ),
    _p(
        CARDIAC,  # a crushing pain that will not ease, wherever it is felt (the gym is no excuse for this one)
        "crushing_pain",
        r"\b(?:crushing|squeezing|vice-like|vise-like)\W+(?:\w+\W+)?(?:pain|pressure|feeling"
        r"|sensation)\b.{0,60}\b(?:not"
        r" easing|will not ease|not going away|will not go away|had to (?:lie|sit) down|cannot (?:stand|move)"
        r"|getting worse"
        r"|sweat\w*|clammy|nause\w*|breathless)",
        exclude=r"\b(?:foot|feet|toes?|fingers?|hand|knee|ankle|wrist|thumb|shin)\b",
    ),
    _p(
        CARDIAC,  # a heart too fast to count with a sign of poor output
        "racing_with_symptoms",
        r"\bheart\W+(?:is\W+)?(?:going|racing|beating|pounding|hammering)\W+(?:so|too|really|very"
        r"|super)\W+fast\b.{0,60}"
        r"\b(?:cannot count|seeing (?:black )?spots|black spots|faint\w*|pass\w* out|black\w* out|dizz\w*|chest pain"
        r"|cannot breathe|gasp\w*|going to collapse)",
    ),
    _p(
        SELF_HARM,  # nothing left to live for; a means at hand; a medicine stockpiled
        "means_at_hand",
        r"\bnothing (?:left )?(?:for me|to live for)\b(?!\W+to (?:do|eat|try|read|log|add|ask))"
        r"|\b(?:the |a |my )?(?:knife|blade|razor|gun|rope|pills)\W+(?:is\W+|are\W+)?(?:right\W+)?(?:next to|beside|in"
        r" front of|by|in my hand|in hand)\W*(?:me)?\b(?=.{0,60}\b(?:cry\w*|cannot|want|end|die|tonight|done|sorry"
        r"|alone|hate)\b|\W*$)|\b(?:stockpil\w*|hoard\w*)\W+(?:up\W+)?(?:my|his|her)\W+\w+",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # how much of one's own medicine would kill ("max amount of my pills that would be fatal")
        "lethal_amount",
        r"\b(?:how (?:many|much)|max(?:imum)?|amount|number|enough|quantity)\b.{0,50}\bmy\b(?:\W+[\w']+){0,3}?\W+"
        r"(?:pills|tablets|meds|medications?|medicine|capsules|doses?)\b.{0,40}\b(?:fatal|deadly|lethal|kill (?:me"
        r"|myself|a person|someone)|to die|be the end of me)\b",
        informational_ok=False,
        exclude=_FICTION,
    ),
    # --- concepts of rounds 18-19 (caregivers, understatement, clinical paraphrase, indirect suicidal talk) ---
    _p(
        SELF_HARM,  # a medicine put by for later ("been saving up my tablets", "enough of my pills set aside")
        "stockpiled_means",
        r"\b(?:sav\w*|stockpil\w*|hoard\w*|stash\w*|collect\w*|putting aside|put aside|set aside|squirrel\w* away"
        r"|counting|counted|lin\w* up)"
        rf"\W+(?:up\W+)?(?:\w+\W+){{0,4}}?{_MEDICINE}\b|\benough\W+(?:of\W+)?(?:my\W+"
        rf"|the\W+)?(?:\w+\W+)?{_MEDICINE}\W+(?:\w+\W+)?"
        r"(?:saved|stockpiled|stashed|hoarded|put aside|set aside|collected|put by)\b",
        requires=_FINALITY
        + r"|\b(?:enough|affairs|for (?:a while|a few weeks|weeks|months|ages)|to end (?:this|it)|(?:so )?(?:someone"
        r"|somebody) knows|(?:just )?going to stop|nothing dramatic|how many\W+(?:\w+\W+){0,3}?(?:it would|would it"
        r"|to|it will|will it|does it) take)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # death foreseen soon ("won't be a burden much longer", "not be around for much longer")
        "not_much_longer",
        r"\b(?:will not|not going to|shall not|would not|no longer)\W+(?:have to\W+)?(?:be|put up with me)\W+"
        r"(?:a burden|a bother|around|here|a problem|in (?:anyone's|anyone is|your|the) way|trouble)?\W*(?:(?:to"
        r"|for) \w+\W+)?"
        r"(?:for\W+)?(?:much|very much|a lot)\W+longer\b(?!.{0,80}\b(?:travel\w*|trip|holiday|vacation|flight|moving"
        r"|move|job|office"
        r"|shift|visit|staying|stay|hotel|town|city|country|app|subscription|contract|lease|export\w*)\b)",
        exclude=r"\b(?:travel\w*|trip|holiday|vacation|flight|moving|move|job|office|shift|visit|staying|stay|hotel"
        r"|town|city|country|app|subscription|contract|lease)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # hopelessness said alongside a means at hand or a step of preparation
        "hopeless_with_means",
        r"\bnothing matters\b(?! (?:more|as much|except|but|to me more))|\b(?:do not|cannot|can not) (?:really |even )?"
        r"see (?:the|any) point\b(?=\W*(?:$|[,.;!?]|and\b|anymore|any more|of anything|in anything|in any of it))"
        r"|\bwhat is the point\b(?=\W*(?:$|[,.;!?]|anymore|any more|of anything|of any of it))"
        r"|\bno point (?:in |of )?(?:anything|any of it|being here|being around|being alive|existing|carrying on)\b"
        r"|\b(?:done|finished|through) fighting\b|\bno more fighting\b|\bgiven up on (?:everything|it all)\b"
        r"|\bno point\W+(?:anymore|any more)\b",
        requires=_MEANS + r"|" + _PREPARATION,
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # a step of preparation with a word of finality ("wrote letters to the kids ... I think it's time")
        "preparation_finality",
        _PREPARATION,
        requires=_FINALITY,
        requires_elsewhere=True,
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # a lethal question about oneself ("what dose would stop a heart for good? asking for me")
        "lethal_question",
        r"\b(?:what|which|how (?:many|much))\b.{0,40}\b(?:would|will|could|does it take to|it takes to|to)\W+(?:stop"
        r" (?:a|my|the|your|someone's) heart|kill (?:me|a person|someone|you|an adult)|be (?:fatal|lethal|deadly)"
        r"|not wake up|end it|put me (?:to sleep|under) for good)\b",
        requires=r"\basking for (?:me|myself|a friend)\b|\bfor myself\b|\bfor me\W*$|\bi (?:want|need|plan|intend)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # a farewell to the assistant with thanks ("just wanted to say goodbye, you were kind to me")
        "farewell_to_app",
        r"^(?!.*\b(?:delet\w*|uninstall\w*|cancel\w*|switch\w*|subscription|holiday|vacation|trip|moving|new (?:phone"
        r"|app)|see you|talk (?:soon|tomorrow|later)|until|next week|tomorrow|for now|for today|for tonight))"
        r".*\b(?:wanted|want|needed|had) to say (?:goodbye|bye|farewell)\b"
        r"|\b(?:this is|this will be|here is) my (?:last|final|very last) (?:message|text|words?|post)\W+"
        r"(?:to (?:anyone"
        r"|anybody|everyone|the world|you ever)|ever|before i go)\b",
        requires=r"\b(?:thank\w*|you (?:were|have been)|for everything|kind\w*|the only one|ever|anyone|anybody"
        r"|everyone|world|before i go)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # a crash meant to pass as an accident
        "crash_on_purpose",
        r"\b(?:driv|crash|steer|swerv|smash|plough|plow)\w*\W+(?:\w+\W+){0,3}?(?:into|off)\b.{0,80}\b(?:(?<!not )on "
        r"purpose|deliberate\w*|look(?:ed|s)? like an accident|nobody would (?:\w+ ){0,2}know)\b"
        r"|\blook like an accident\b",
        requires=r"\b(?:if i|i could|i might|thinking|going to|gonna|tomorrow|tonight|want\w*|make it)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # euphemisms for one's own death ("planning my exit", "working out my way out")
        "exit_euphemism",
        r"\b(?:plan\w*|prepar\w*|organi[sz]\w*|work\w* out|figur\w* out|arrang\w*|sort\w* out)\W+(?:my|an|the)\W+"
        r"(?:own\W+|final\W+|quiet\W+)?(?:exit|way out|check ?out|departure)\b(?!\W+(?:from|out of|of|at|strategy"
        r"|plan|interview|visa|row|door|ramp|route|exam|off|fees?|date|package|process|time)\b)",
        exclude=r"\b(?:job|work|company|career|retire\w*|lease|contract|flat|apartment|house|team|role|position|visa"
        r"|country|hotel|flight|airport|parking|car park|party|concert|stadium|meeting)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # every medicine in the house at once ("take everything in the medicine cabinet")
        "take_everything",
        r"\b(?:take|taking|swallow\w*|down|gulp\w*|eat)\W+(?:everything|all|whatever(?:\W+is)?|every (?:pill"
        r"|tablet|bottle))\W+(?:\w+\W+){0,3}?(?:medicine (?:cabinet|cupboard|drawer|box|chest)|first aid (?:kit|box)"
        r"|bathroom cabinet|pill ?box|(?:in|from) the (?:house|cupboard|cabinet))\b"
        r"(?!.{0,30}\b(?:with food|in the morning|at night|at bedtime|expired|out of date|check\w*|sort\w*))",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # self-harm getting worse ("cut deeper than usual", "part of me wants to keep going")
        "self_harm_escalation",
        r"\bcut\w*\W+(?:myself\W+|my\W+(?:arms?|wrists?|legs?|thighs?|skin)\W+)?(?:deeper|too deep|worse|more) than"
        r" (?:usual|before|last time|ever|i meant|normal|i (?:ever )?have)\b|\bpart of me (?:wants|want) to (?:keep "
        r"going|not stop|die|end it|go deeper|disappear|not wake up)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # slang and masked spellings of suicide ("sewerslide", "self delete", "s*icide")
        "self_harm_slang",
        r"\b(?:self[- ]?delet\w*(?!\W+(?:my |the |this |an? )?(?:account|data|profile|app|messages?"
        r"|history|posts?|photos?|files?|entry|entries|readings?))|(?:off|neck|rope|end) myself"
        r"|commit (?:die|toaster bath))\b"
        r"|\b(?:look\w* up|research\w*|googl\w*|search\w*(?: for)?|read\w* (?:up )?(?:about|on))\W+(?:(?:suicide"
        r"|painless|quick|easy|different|the best)\W+)?methods\b(?!\W+(?:to|for|of|in|on|that)\b)",
        informational_ok=False,
        exclude=_FICTION,
    ),
    _p(
        CARDIAC,  # a discomfort that spreads to the arm, jaw, neck or back with a sign of poor output
        "spreading_discomfort",
        r"\b(?:going|spreading|moving|radiating|travel\w*|shooting|goes|spreads|moves|radiates|went|spread)\W+"
        r"(?:straight\W+|right\W+|up\W+|down\W+)?(?:into|to|down|up|through(?: to)?|along)\W+(?:(?:my|his|her|their"
        r"|the)\W+(?:both\W+)?|both\W+)(?:left\W+|right\W+|upper\W+)?(?:arm|arms|jaw|neck|shoulder|shoulders|back"
        r"|shoulder blades?)\b",
        requires=r"\b(?:sweat\w*|clammy|nause\w*|sick|vomit\w*|throw\w* up|faint|dizz\w*|light ?headed|short of breath"
        r"|breathless|pale|gr[ae]y|chest|indigestion|heartburn|heav\w*|pressure|tight\w*|squeez\w*)\b",
        requires_elsewhere=True,
        exclude=r"\b(?:sciatica|leg|knee|hip|tooth|teeth|dentist|lifting|gym|workout|pulled|strain\w*|sprain\w*"
        r"|slept|muscle|gardening|posture|desk|stretch\w*|massage)\b",
    ),
    _p(
        SYNCOPE,  # regional and old-fashioned ways of saying faint ("come over all faint", "might keel over")
        "near_faint",
        r"\b(?:come|came|coming|gone|went|going) over (?:all |quite |a bit |very |really |so )?(?:faint|funny|dizzy"
        r"|queer|peculiar|woozy|wobbly|strange|weak|giddy)\b"
        r"|\b(?:might|could|will|may|gonna|going to)\W+(?:just\W+)?(?:keel over|pass out|black out|collapse|hit the"
        r" deck)\b",
        exclude=r"\b(?:whenever|every time|each time|when i (?:give|donate|see|stand|get up|skip|have not)|boredom"
        r"|bored|laugh\w*|lol|haha|bill|price|cost|news)\b",
    ),
    _p(
        BREATHING,  # pink or frothy sputum (pulmonary oedema)
        "pulmonary_oedema",
        r"\b(?:cough\w*|spit\w*|bring\w*|hack\w*)\W+(?:up\W+)?(?:\w+\W+){0,2}?(?:pink|frothy|foamy|bloody|blood[- ]?"
        r"(?:stained|streaked|tinged))\W+(?:\w+\W+)?(?:stuff|foam|froth|spit|phlegm|mucus|sputum|gunk|bubbles)\b",
    ),
    _p(
        BREATHING,  # air hunger described ("like breathing through a straw")
        "air_hunger",
        r"\b(?:breathing|breathe|breath\w*) (?:through|thru) a (?:straw|pillow|wet (?:cloth|towel)|sock)\b|\bair hunger"
        r"\b|\b(?:short(?:ness)? of breath|breathless)\W+(?:just|even|while) (?:sitting|resting|lying)\b",
    ),
    _p(
        OTHER,  # a big accidental overdose of one's own medicine ("took my whole week of X at once by mistake")
        "accidental_overdose",
        r"\b(?:took|taken|swallowed|had)\W+(?:like\W+|maybe\W+|about\W+)?(?:my\W+|a\W+|the\W+|his\W+|her\W+"
        r"|their\W+)?(?:whole|entire|full)\W+"
        r"(?:week|weeks|month|fortnight|days?)(?:'s|s)?\W+(?:worth\W+)?of\b"
        r"|\b(?:took|taken|swallowed)\W+(?:\w+\W+){0,2}?(?:\d{2,}|a handful|a bunch|all) of (?:my|his|her) \w+\b"
        r".{0,40}\b(?:by (?:mistake|accident)|accidentally|mixed up)\b",
    ),
    _p(
        OTHER,  # arterial bleeding: spurting, or soaking through dressing after dressing
        "severe_bleeding",
        r"\b(?:spurt\w*|squirt\w*|pulsing out|pumping out)\b|\bsoak\w*\W+(?:right\W+)?(?:through\W+)?(?:\w+\W+){0,2}?"
        r"(?:towels?|tea ?towels?|bandages?|dressings?|gauze|cloths?|t-?shirts?|rags?"
        # ... or through whatever is pressed on it
        r"|everything (?:we |i |they |you )?(?:press|put|hold)\w*)\b",
        requires=r"\b(?:cut|sliced|slice|gash\w*|stab\w*|wound|blood|bleed\w*|knife|glass|mandoline|saw|chainsaw"
        r"|artery)\b",
    ),
    _p(
        STROKE,  # one side of the face described by what it cannot do ("one side of my smile won't lift")
        "face_droop",
        r"\b(?:one side|half|side|corner) of (?:my|his|her|their) (?:face|smile|mouth|lips?)\b.{0,20}\b(?:will not"
        r"|cannot|does not|would not|is not)\W+(?:\w+\W+)?(?:lift|move|go up|smile|work|respond)\b",
    ),
    _p(
        STROKE,  # a hand or leg that has become clumsy, drags or drops things, with another sign of a stroke
        "limb_clumsy",
        r"\b(?:hand|arm|leg|fingers|foot)\W+(?:\w+\W+){0,2}?(?:keeps?|kept) (?:dropping|losing|letting go)\b"
        r"|\b(?:hand|arm|leg|fingers|foot)\W+(?:is|are|feels?|has gone|went|gone)\W+(?:all\W+|really\W+|so\W+"
        r"|suddenly\W+)?(?:clumsy|floppy|useless)\b|\b(?:leg|foot)\W+(?:is\W+|keeps\W+)?drag{1,2}ing\b"
        r"|\bdrag{1,2}ing (?:my|his|her|their) (?:left |right )?(?:leg|foot)\b",
        requires=r"\b(?:smile|face|speech|speak\w*|words?|sentences?|numb\w*|weak\w*|slurr\w*|confus\w*|vision|droop\w*"
        r"|typing|one side|left|right|sudden\w*)\b",
        requires_elsewhere=True,
        exclude=_WORKOUT + r"|\b(?:run|hike|football|match|injur\w*|sprain\w*|always|lol)\b",
    ),
    _p(
        STROKE,  # sentences that will not come together; speech described as wrong
        "speech_difficulty",
        r"\b(?:cannot|could not|unable to|hard to|struggling to|trouble|can barely|can hardly)\W+(?:\w+\W+)?(?:form"
        r"|make|put together|string together) (?:a |proper |full |whole |any )?(?:sentences?|words)\b"
        r"|\bspeech\W+(?:is\W+)?(?:\w+\W+){1,2}(?:wrong|weird|funny|strange|garbled)\b",
    ),
    _p(
        STROKE,  # a curtain or shade over one eye (amaurosis fugax, retinal artery occlusion)
        "vision_loss",
        r"\b(?:curtain|shade|veil|blind|shadow)\W+(?:\w+\W+){0,2}?(?:came|coming|come|dropp\w*|fell|falling|pulled"
        r"|drawn|over|across)\b",
        requires=r"\b(?:eye|eyes|vision|sight|see)\b",
    ),
    # --- concepts of rounds 20-21 (ESL and literal translation, implied danger, logistics-phrased self-harm) ---
    _p(
        OTHER,  # a fit described rather than named ("whole body shaking on the floor, foam from the mouth")
        "seizure",
        r"\b(?:whole|entire|all (?:his|her|their|the|my)) body\W+(?:is\W+|keeps\W+)?(?:\w+\W+)?(?:shak\w*|jerk\w*"
        r"|twitch\w*|convuls\w*|stiff\w*)|\b(?:shak\w*|jerk\w*|twitch\w*)\W+(?:(?:his|her|their|the|my)\W+)?(?:whole"
        r"|entire|all over (?:the|his|her))\W+body"
        r"|\bfoam\w*\W+(?:\w+\W+)?(?:at|from|in|out of)\W+(?:the\W+|his\W+|her\W+|their\W+)?mouth\b",
        requires=r"\b(?:floor|ground|not stopping|will not stop|does not stop|cannot stop|not respond\w*|unresponsive"
        r"|eyes roll\w*|foam\w*|shak\w*|jerk\w*|fell|collapsed|blue|bit (?:his|her|their) tongue)\b",
        requires_elsewhere=True,
        exclude=r"\b(?:dog|cat|puppy|horse|pet|toothpaste|mouthwash|beer|coffee|angry|furious|rage|cold|shiver\w*)\b",
    ),
    _p(
        STROKE,  # an arm or a hand that drops or hangs with another sign ("his arm just fell down")
        "limb_drop",
        r"\b(?:arm|hand|leg)\W+(?:is\W+|has\W+)?(?:just\W+|suddenly\W+)?(?:fell|dropped|flopped|drops|falls|hanging"
        r"|hangs|dangling|gave way)\b",
        requires=r"\b(?:speak\w*|speech|talk\w*|words?|sense|slurr\w*|drunk|face|smile|mouth|confus\w*|numb\w*"
        r"|sudden\w*|dropped (?:her|his|my|their) (?:fork|cup|glass|spoon|phone|pen)|minutes? ago|min ago)\b",
        requires_elsewhere=True,
        exclude=_WORKOUT + r"|\b(?:sling|broken|fracture\w*|cast|slept|sleeping|asleep|pins and needles)\b",
    ),
    _p(
        STROKE,  # one side of the body felt as foreign ("left side feels like it belongs to someone else")
        "one_sided_weakness",
        r"\b(?:left|right|one) side of (?:my|his|her|their) (?:body|face)\b.{0,40}\b(?:belongs? to (?:someone|somebody)"
        r"|not (?:mine|my own)|feels? (?:foreign|dead|wrong|heavy|strange|weird|like (?:wood|rubber|lead)))",
        exclude=r"\b(?:dentist\w*|dental|injection|an(?:a)?esthe\w*|numbing|filling|botox|slept|sleeping)\b",
    ),
    _p(
        OTHER,  # someone fallen or slumped who does not move or react ("papa fall down in street, not moving")
        "person_down",
        r"\b(?:fall|fell|fallen|falls|falling|collapse\w*|slumped|lying|laying)\W+(?:down\W+)?(?:in|on|over|at)\W+"
        r"(?:the\W+)?(?:street|road|pavement|sidewalk|floor|ground|wheel|steering wheel|desk|table|bathroom floor)\b",
        requires=r"\b(?:not (?:moving|respond\w*|react\w*|breathing|waking|answering|talking)|unresponsive|will not"
        r" (?:wake|respond|move|answer)|cannot wake|does not (?:move|respond|react|answer)|no response|blue|limp)\b",
        exclude=r"\b(?:yesterday|last (?:night|week|month)|knee|ankle|wrist|hip|toddler|baby|dog|cat|tantrum)\b",
    ),
    _p(
        OTHER,  # bleeding through a dressing, a lump growing at a procedure site
        "access_site_bleed",
        r"\bbleed\w*\W+(?:right\W+|straight\W+)?(?:through|thru)\W+(?:the\W+|my\W+|his\W+|her\W+)?(?:\w+\W+)?"
        r"(?:dressing|bandage|gauze|plaster|pad)s?\b"
        r"|\b(?:lump|swelling|bump|bruise)\W+(?:\w+\W+)?(?:getting bigger|growing|spreading|expanding)\b",
        requires=r"\b(?:groin|puncture|access|catheter|cath|incision|wound|site|ablation|angiogram|angioplasty|stent"
        r"|procedure|surgery|operation|dressing|bleed\w*|light ?headed|dizz\w*|faint\w*)\b",
        requires_elsewhere=True,
    ),
    _p(
        OTHER,  # a tongue or lips gone big after an allergen ("ate one cookie, tongue is big now")
        "anaphylaxis",
        r"\b(?:tongue|lips?|throat)\W+(?:is\W+|are\W+|feels?\W+|got\W+|getting\W+|gone\W+|going\W+)?(?:so\W+|very\W+"
        r"|really\W+|too\W+)?(?:big|bigger|huge|fat|thick|puffy)\b",
        requires=r"\b(?:allerg\w*|wheez\w*|peanuts?|nuts?|shellfish|bee|wasp|sting\w*|hives|epi\w*|cannot breathe"
        r"|swallow\w*)\b",
        requires_elsewhere=True,
    ),
    _p(
        OTHER,  # a double or many-fold dose by mistake with symptoms ("took double of my metoprolol, now weak")
        "accidental_overdose",
        r"\b(?:took|taken|swallowed|had|gave (?:him|her))\W+(?:\w+\W+){0,3}?(?:double|triple|twice|too many|\d{1,2}"
        r" (?:tablets|pills|doses))\b",
        requires=r"^(?=.*\b(?:by mistake|by accident|accidentally|mixed up|double|wrong)\b)(?=.*\b(?:weak\w*|slow"
        r"|dizz\w*|faint\w*|confus\w*|drowsy|sleepy|vomit\w*|chest|cannot (?:stand|breathe|wake)|breathless)\b)",
    ),
    _p(
        SELF_HARM,  # ending one's life in the words of another language ("finish my life", "life finish for me")
        "end_life_esl",
        r"\bfinish(?:ing)? (?:my|his|her) (?:own )?life\b(?!'s| work)|\b(?:my )?life (?:is )?finish(?:ed)? for me\b"
        r"|\b(?:no|don|dey no) wan(?:na|t)?\W+(?:to\W+)?live\b|\bi go end am\b"
        r"|\b(?:want|wan|wanna|going|go|gonna|will|feel to|feel like|decided|decision|plan\w*|ready)\W+(?:\w+\W+){0,6}?"
        r"(?:finish|end)\W+(?:everything|it all|myself|my self)\b(?=.{0,80}\b(?:life|world|live|living|die|dying"
        r"|dead|wall|bridge|pills|rope|goodbye|sorry|forever|today|tonight|strong)\b)",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # weary of life or a burden, with a means gathered ("tired from this life, collected the pills")
        "weary_with_means",
        r"\b(?:tired|sick|exhausted|weary|done) (?:of|from|with) (?:this |my |the )?(?:life|living|being alive|this"
        r" world|existing)\b(?!\W+(?:on|with|in|off|like)\b)|\bnobody (?:need|needs|wants|want) me\b"
        r"|\b(?:a|such a|the) burden (?:to|for|on) (?:everybody|everyone|my family|them|all)\b",
        requires=_MEANS + r"|" + _PREPARATION + r"|\b(?:collected|gathered|saved up|stashed)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # going away for ever ("soon I will go away forever", "close my eyes for always")
        "gone_forever",
        r"\b(?:go away|going away|disappear|vanish|be gone|leave this world|sleep|close my eyes|shut my eyes)\W+"
        r"(?:\w+\W+){0,2}?(?:forever|for ever|for always|for good"
        r"|permanently|and never (?:wake up|open them|come back))\b",
        requires=r"\b(?:burden|free|better off|without me|nobody|no one|tired|want|wish|plan|tonight|ready|going to"
        r"|gonna|will|soon)\b",
        informational_ok=False,
        exclude=r"\b(?:holiday|vacation|trip|abroad|country|job|moving|app|account|delete|uninstall|baby|kids?|dog|cat"
        r"|song|lyric\w*|film|movie|lol|haha|nap|shifts?|weekend)\b",
    ),
    _p(
        SELF_HARM,  # a farewell that says so ("this is goodbye I guess, thanks for everything")
        "farewell_to_app",
        r"^(?!.*\b(?:delet\w*|uninstall\w*|cancel\w*|switch\w*|subscription|holiday|vacation|trip|moving|new (?:phone"
        r"|app|job)|see you|talk (?:soon|tomorrow|later)|until"
        r"|next week|tomorrow|for now|for today|for tonight|retir\w*"
        r"|last day|graduat\w*))"
        r".*\bthis is (?:goodbye|farewell|the end)\b",
        requires=r"\b(?:thank\w*|you (?:were|have been)|for everything|kind\w*|the only one|ever|anyone|anybody"
        r"|everyone|world|before i go)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # one's life as a game or a program ("respawn disabled", "uninstalling life.exe")
        "game_over_metaphor",
        r"\b(?:uninstall\w*|delet\w*|quit\w*)\W+(?:my\W+)?(?:life|existence|the game of life)(?:\.exe)?\b"
        r"(?!\W+(?:insurance|coach|story))|\blife\.exe\b|\brespawn\w* (?:disabled|off|turned off)\b"
        r"|\bno (?:more )?respawns?\b|\bgame over for me\b"
        r"|\b(?:logging|log|signing|sign) off (?:permanently|for good|forever|for the last time)\b",
        informational_ok=False,
        exclude=r"\b(?:account|app|subscription|profile|twitter|facebook|instagram|social media|server|newsletter"
        r"|emails?)\b",
    ),
    _p(
        SELF_HARM,  # a lethal question made personal ("hypothetically, someone like me ... asking for me obviously")
        "lethal_question_personal",
        r"\b(?:least painful|painless\w*|easiest|quickest|gentlest|most peaceful)\W+(?:way|method|means)\W+to\W+(?:go"
        r"|die|do it|end it)\b"
        r"|\b(?:quit|stop\w*|skip\w*|came off|come off)\W+(?:\w+\W+){0,3}?(?:meds|medications?|pills|tablets|insulin"
        r"|medicine)\W+(?:\w+\W+){0,2}?on purpose\b"
        r"|\bhow long (?:would|will|does|did) it take\b.{0,40}\b(?:to die|before i die|for (?:me|it) to (?:die|stop)"
        r"|to be over)\b",
        requires=_PERSONAL,
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # not being found in time ("how long before anyone would find me ... want it done")
        "not_found_in_time",
        r"\bbefore (?:anyone|someone|somebody|anybody|they|people|my \w+)\W+(?:would\W+|could\W+|will\W+|can\W+"
        r"|might\W+)?(?:find|finds|found|check\w*|notice\w*|come\w*|get\w* here|stop\w*)\b",
        requires=r"\b(?:taking everything|take everything|took everything"
        r"|want it done|have it done|get it done|all (?:of )?"
        r"(?:my|the) (?:pills|tablets|meds)|overdos\w*|too late)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # a decision with a date after which nothing matters ("won't matter after next week, mind made up")
        "decided_date",
        r"\b(?:will not|would not|does not|is not going to"
        r"|nothing will|not going to)\W+matter\W+(?:after|past|beyond|by"
        r"|come|once)\W+(?:next \w+|tonight|tomorrow|this \w+|the \d+\w*|\w+day)\b",
        requires=r"\b(?:made up my mind|my mind is made up|decided|decision|i am ready|it is time|i am sure|picked"
        r"|chosen)\b",
        informational_ok=False,
    ),
    # --- concepts of rounds 22-23 (care settings and chronic illness; athletes, stimulants, deadpan self-harm) ---
    _p(
        OTHER,  # a dialysis session missed, then the heart or the muscles act up (hyperkalaemia, fluid overload)
        "missed_dialysis",
        r"\b(?:miss\w*|skip\w*|did not (?:go|make it)|could not (?:go|get)|no)\W+(?:\w+\W+){0,3}?(?:dialysis|session"
        r"|run|treatment)\b",
        requires=r"\bdialysis\b(?=.*\b(?:(?:heart\w*|pulse)\W+(?:\w+\W+){0,3}?(?:slow|weird|irregular|skipping|funny"
        r"|strange|odd|off|all over|racing|pounding|thumping|fluttering)|(?:legs?|arms?|muscles?|body)\W+"
        r"(?:\w+\W+){0,3}?(?:weak|heavy|floppy|numb|tingl\w*|not working)|short of breath|breathless"
        r"|cannot (?:lie flat|breathe)"
        r"|chest\b))",
    ),
    _p(
        BREATHING,  # fluid in the lungs: breathing that gurgles or bubbles, pink froth, needing to sit bolt upright
        "wet_breathing",
        r"\b(?:gurgl\w*|bubbl\w*|rattl\w*|drowning)\W+(?:\w+\W+){0,3}?(?:breath\w*|every breath|chest"
        r"|lungs?)\b|\b(?:breath\w*|lungs?|chest)\W+(?:\w+\W+){0,3}?(?:gurgl\w*|bubbl\w*|rattl\w*)"
        r"|\bpink\W+(?:\w+\W+)?(?:froth\w*|foam\w*|frothy)\b|\bfrothy\W+(?:pink\W+)?(?:sputum|spit|phlegm|mucus)\b"
        r"|\bsit\w* bolt upright\b",
        # expected at the end of life under a hospice team ("death rattle"), unless said not to be
        exclude=r"\b(?<!not on )(?<!not in )(?:hospice|palliative|end of life|comfort care|dying process)\b"
        r"|\b(?:a|the|my|his|her|chest|head) cold\b|\b(?:flu|croup|bronchitis)\b",
    ),
    _p(
        OTHER,  # shaking and not responding: a fit, told by whoever watched it
        "seizure",
        r"\b(?:shak\w*|jerk\w*|twitch\w*|convuls\w*|stiff\w*|fitting)\W+(?:\w+\W+){0,3}?(?:and|but|then)\W+"
        r"(?:i |he |she |they )?(?:did not|was not|were not|would not|could not|not|wasn't|didn't) (?:respond\w*"
        r"|react\w*|wak\w*|answer\w*|responsive)\b"
        r"|\b(?:i|she|he|you) (?:just )?had (?:a |another )?(?:fit|seizure)\b(?! (?:when|about|over|because|at|if"
        r"|of (?:laughter|giggles|rage)))",
        requires=r"\b(?:shak\w*|jerk\w*|respond\w*|pregnan\w*|weeks|months|just|foam\w*|bit (?:my|his|her) tongue"
        r"|wet (?:my|him|her)self)\b",
    ),
    _p(
        SELF_HARM,  # life-sustaining treatment stopped in secret or with finality ("stop my dialysis, I am done")
        "stop_treatment_intent",
        r"\b(?:stop\w*|quit\w*|skip\w*|come off|coming off|end\w*|refus\w*|not going (?:back )?to)\W+(?:\w+\W+){0,2}?"
        rf"(?:dialysis|oxygen|heart meds|blood thinners?|water tablets|treatment|transfusions?|chemo\w*|{_MEDICINE})\b",
        requires=_FINALITY
        + r"|\b(?:(?:not|never|without) tell\w* (?:anyone|anybody|them|my \w+|the (?:doctors?|nurses?|team))"
        r"|secretly|in secret|behind (?:their|his|her|the doctors?'?s?) backs?|nobody (?:will|needs to) know"
        r"|let (?:it|nature|things) (?:happen|take its course)|so (?:it|this) (?:ends|stops)|decided i am done"
        r"|(?:nobody|no one) (?:has|needs|will have) to know|(?:it|this) will (?:all )?be over|that is my plan)\b",
        exclude=r"\b(?:kidney team|renal team|palliative|hospice|comfort care|nephrologist|care team"
        r"|with (?:my|his|her) (?:doctor|team|nurse)|bring (?:it )?up)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # a means got ready ("got the rope in the closet already", "loading the gun right now")
        "means_ready",
        r"\b(?:got|bought|have|loading|loaded|load|hid|hidden|hiding|keeping|ready)\W+(?:\w+\W+){0,3}?(?:rope|noose"
        r"|gun|pistol|rifle|shotgun)\b|\b(?:only|last|final) plan\b.{0,30}\b(?:bridge|ledge|rope|gun|tracks|roof)\b"
        r"|\bplan (?:i have |i have got |i got )?left is\b.{0,30}\b(?:bridge|ledge|rope|gun|tracks|roof)\b",
        requires=r"\b(?:done|already|right now|tonight|fuck (?:it|everything)|ready|plan|over|enough|goodbye)\b",
        exclude=r"\b(?:hunt\w*|range|shooting club|climbing|gym|boat|camping|tent|swing|tug of war|nerf|paintball"
        r"|airsoft|game|toy|water gun|glue gun|heat gun|nail gun|staple gun|spray gun)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # a method settled ("I know how I'm going to do it"), with preparation or a reason
        "method_settled",
        r"\b(?:i know|i have (?:decided|worked out|figured out)|i (?:worked|figured) out) (?:exactly |just )?how i am"
        r" (?:going to|gonna)"
        r" do it\b",
        requires=_PREPARATION + r"|" + _MEANS + r"|\b(?:enough|tired|burden|illness|tonight|goodbye|letters)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # a lethal amount looked up for oneself ("how many of his tablets it would take for me")
        "lethal_amount_personal",
        rf"\bhow many (?:of )?(?:\w+\W+){{0,2}}?{_MEDICINE}\W+(?:it )?(?:would|will|does|did) (?:it )?take\b",
        requires=_PERSONAL + r"|\bfor me\b|\b(?:nothing left|cannot go on|tired|end (?:it|this)|enough)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # better off once one is gone
        "better_off_without",
        r"\bbetter off (?:once|when|after|if) i am (?:gone|dead|not here|not around|no longer here)\b",
        informational_ok=False,
    ),
    _p(
        OTHER,  # bleeding that will not stop on a blood thinner, with faintness
        "anticoagulant_bleed",
        r"\b(?:nose ?bleed\w*|bleed\w*|blood|cut|sliced|gash\w*)\b.{0,40}\b(?:pouring|gushing|will not stop"
        r"|not stopping|soak\w*|for (?:over )?(?:\d+|twenty|thirty|forty|an?) (?:min\w*|hours?))\b",
        requires=r"\b(?:warfarin|apixaban|eliquis|rivaroxaban|xarelto|dabigatran|pradaxa|edoxaban|heparin|clopidogrel"
        r"|blood thinners?|anticoagula\w*)\b(?=.*\b(?:woozy|faint\w*|dizz\w*|grey|gray|pale|light ?headed|weak\w*"
        # ... or still going through the towels / dressings, or said not to stop: a thinner keeps it open
        r"|clammy|cold|confus\w*|passing out|(?:pouring|soak\w*|bleed\w*) (?:right )?through|will not stop"
        r"|not stopping))",
    ),
    _p(
        OTHER,  # a heart device alarming or shocking again and again ("defib keeps going off", "LVAD alarm")
        "device_alarm",
        r"\b(?:icd|defib\w*|defibrillator|lvad|vad|pump|controller)\b.{0,30}\b(?:keeps? (?:going off|shocking|firing"
        r"|alarming|beeping)|alarm\w* (?:nonstop|non stop|constantly|continuously|won't stop|will not stop)"
        r"|(?:two|three|four|several|multiple|\d) shocks"
        r"|shocked (?:me |him |her )?(?:twice|again|three times|\d times))",
        exclude=r"\b(?:battery (?:low|replacement)|test\w*|check\w*|clinic|insulin pump|breast pump)\b",
    ),
    _p(
        CARDIAC,  # a heart beating all over the place with faintness or a grey colour
        "irregular_with_collapse_signs",
        r"\b(?:heart|pulse)\b.{0,20}\b(?:all over the place|thumping|pounding|racing|irregular|skipping)\b",
        requires=r"\b(?:room (?:is )?spinning|(?:gone|going|turned|turning) (?:a )?(?:grey|gray|ashen|white)"
        r"|grey colou?r|about to pass out|blacking out|cannot stand)\b",
    ),
    _p(
        OTHER,  # heat stroke: hot dry skin, no sweating, confusion
        "heat_stroke",
        r"\b(?:stopped sweating|not sweating|no longer sweating|hot and dry|dry and hot|burning up)\b",
        requires=r"\b(?:out of it|confus\w*|not making sense|collaps\w*|disoriented|twitch\w*|seiz\w*|faint\w*"
        r"|incoherent|slurr\w*)\b",
    ),
    _p(
        OTHER,  # a recreational drug or stimulant and then chest pain, overheating or a fit
        "drug_reaction",
        r"\b(?:molly|mdma|ecstasy|coke|cocaine|lines|speed|meth|amphetamines?|pills at|pre ?workout|stimulants?)\b",
        requires=r"\b(?:burning up|overheat\w*|twitch\w*|seiz\w*|fit\b|convuls\w*|chest (?:pain|hurts|feels like)"
        r"|unresponsive|passed out|collaps\w*|(?:confused|out of it)\b.{0,30}\b(?:hot|sweat\w*))",
    ),
    _p(
        OTHER,  # an allergen then hives or swelling with wheezing or a tight throat
        "anaphylaxis_signs",
        r"\b(?:hives|welts|swell\w*|swollen)\b.{0,40}\b(?:wheez\w*|throat|cannot breathe|struggling to breathe)\b"
        r"|\b(?:wheez\w*)\b.{0,40}\b(?:hives|welts|swell\w*|swollen)\b",
        requires=r"\b(?:stung|sting|bee|wasp|peanuts?|nuts?|shellfish|allerg\w*|epi ?pen|ate|antibiotic)\b",
    ),
    _p(
        SELF_HARM,  # a next check-up or refill not needed, with arrangements made ("won't be needing my next check")
        "no_next_appointment",
        r"\b(?:will not|not going to|no longer|shall not|do not|would not) (?:be )?need(?:ing)?\W+(?:my\W+|the\W+"
        r"|another\W+|a\W+|any\W+)?(?:next\W+|more\W+)?(?:\w+\W+)?(?:check\w*|appointments?|appt|refills?"
        r"|prescriptions?|follow ?ups?|visits?|reviews?|scans?|clinic)\b",
        requires=r"\b(?:made|making|sorted|finali[sz]ed|put in place) (?:my |all my |the |all the |final |my final )?"
        r"(?:arrangements|plans)\b(?!\W+(?:with|for (?:the|my) (?:trip|move|dog|cat|kids|holiday)))|\baffairs\b"
        r"|\bgoodbye|\bfor good\b|\bmade (?:my )?peace\b",
        exclude=r"\b(?:moving|moved|transfer\w*|new (?:clinic|hospital|doctor|gp|cardiologist)|switch\w*|another"
        r" (?:clinic|hospital)|remote monitoring|discharged|insurance)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # no point in still being here ("I don't see the point of being here anymore")
        "no_will_to_live",
        r"\b(?:do not|cannot|can not|fail to|no longer) (?:really |even |honestly |just )?see (?:the|any|much of a|a)"
        r" point (?:of|in) (?:being here|being around|existing|waking up|getting up|trying|being alive)\b"
        r"(?=\W*(?:$|[,.;!?]|anymore|any more|at all|now))",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # letters or messages to be received after oneself ("so they get them after", "for when I'm gone")
        "letters_for_after",
        r"\b(?:letters?|notes?|messages?|emails?|videos?|cards?|recordings?)\b.{0,60}\b(?:get|gets|read|reads|find"
        r"|finds|open|opens|see|sees|watch|watches|hear|hears|listen to|receive\w*)\W+"
        r"(?:them|it|they|this)?\W*(?:after|afterwards|afterward)\b"
        r"(?=\W*(?:$|[,.;!?]|i am gone|i go|everything|all this))"
        r"|\b(?:letters?|notes?|messages?)\b.{0,40}\bfor (?:after|when|once) i am (?:gone|not here|not around|dead)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # better off if one did not come back or make it ("everyone would be better off if I didn't return")
        "better_off_without",
        r"\bbetter off\b.{0,20}\bif i (?:just |simply )?(?:did not|do not|never|could not|would not|was not to)"
        r" (?:come back|come home|came back|came home|make it|made it|return\w*|get back|got back|wake up|woke up"
        r"|survive\w*|exist)\b(?!\W+(?:to|until|till|before"
        r"|for|in time)\b)",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # a whole container swallowed on purpose or come what may ("down the whole tub, whatever happens")
        "whole_container_intent",
        r"\b(?:down\w*|take|taking|swallow\w*|chug\w*|drink\w*|neck\w*|eat|eating|have)\W+(?:\w+\W+){0,2}?"
        r"(?:the |a |an )?(?:whole|entire|full)\W+(?:\w+\W+)?(?:tub|bottle|pack|packet|box|blister|strip|jar"
        r"|container|tube|sleeve|can|bag)\b",
        requires=r"\b(?:on purpose|deliberately|intentionally|whatever happens(?: happens)?|see what happens"
        r"|do not care (?:what|if)|not wak\w*|never wake|for good|end it)\b",
        exclude=r"\b(?:ice cream|cookies?|chips|crisps|popcorn|pizza|cake|chocolate|candy|sweets|cereal|protein"
        r"|water|juice|milk|tea|lol)\b",
        informational_ok=False,
    ),
    # --- concepts of rounds 24-25 (women's heart health, pregnancy and clots; message shape) ---
    _p(
        CARDIAC,  # the atypical presentation: the upper belly, back or jaw clutched with sweating or nausea
        "atypical_clutching",
        r"\b(?:clutch\w*|grabb\w*|holding|gripping)\W+(?:his|her|my|their)\W+(?:upper\W+)?(?:stomach|belly|abdomen"
        r"|tummy|back|jaw|throat|left arm|arm)\b",
        requires=r"\b(?:sweat\w*|clammy|gr[ae]y|pale|throw up|vomit\w*|nause\w*|short of breath|breathless)\b",
        informational_ok=False,
    ),
    _p(
        CARDIAC,  # a crushing feeling with the arm, jaw or breath ("feels like I'm being crushed, arm gone heavy")
        "crushed_feeling",
        r"\b(?:being|getting) (?:crushed|squeezed)\b",
        requires=r"\b(?:arm|jaw|chest|breath\w*|sweat\w*|tingl\w*|numb\w*|shoulder)\b",
        requires_elsewhere=True,
        exclude=r"\b(?:work|deadlines?|bills|debt|workload|boss|schedule|crowd|mosh|hug\w*|rent|prices)\b",
        informational_ok=False,
    ),
    _p(
        BREATHING,  # a clot in the lung: blood coughed up, or a stabbing breath with a clot risk (pill, flight, birth)
        "clot_signs",
        r"\bcough\w*\W+(?:up\W+)?(?:a little |a bit of |some |bits of |specks of |streaks of )?(?:blood|bloody)\b"
        r"|\b(?:breath\w*|breathe)\W+(?:\w+\W+){0,4}?(?:stabs?|stabbing|sharp|knife)\b"
        r"|\b(?:stabs?|stabbing|sharp pain)\W+(?:\w+\W+){0,4}?(?:breath\w*|breathe)\b",
        requires=r"\b(?:on the pill|combined pill|contracepti\w*|hrt|flew|flight|long haul|calf|leg|swollen|postpartum"
        r"|since the birth|gave birth|pregnan\w*|gasping|cough\w* (?:up )?(?:\w+ )?(?:\w+ )?blood|blood clots?|dvt"
        r"|breath\w*|breathe)\b",
        requires_elsewhere=True,
        informational_ok=False,
    ),
    _p(
        CARDIAC,  # pressure between the shoulder blades or in the upper back with breathlessness or nausea
        "back_pressure_breathless",
        r"\b(?:pressure|ache|aching|pain|tightness)\W+(?:\w+\W+){0,2}?(?:in|between|across)\W+(?:my\W+|her\W+|his\W+"
        r"|the\W+)?(?:upper back|shoulder blades)\b",
        requires=r"\b(?:short of breath|breathless|cannot breathe|nause\w*|sweat\w*|clammy|vomit\w*)\b",
        exclude=r"\b(?:gym|lifting|desk|posture|sleep\w* on|mattress|deadlift\w*|rowing)\b",
        informational_ok=False,
    ),
    _p(
        CARDIAC,  # nitroglycerin taken and the pain still there
        "nitro_not_working",
        r"\b(?:nitro\w*|gtn|glyceryl trinitrate)\b",
        requires=r"\b(?:still|not (?:working|helping)|did nothing|(?:has |it has |it is )?done nothing|no (?:help"
        r"|difference)|x ?[23]|two|twice|second|third|(?:\d+|ten|five) ?/ ?10)\b",
        requires_elsewhere=True,
        informational_ok=False,
    ),
    _p(
        OTHER,  # a fit in pregnancy or after birth (eclampsia)
        "fit_in_pregnancy",
        r"\b(?:had|having|just had) (?:a )?(?:fit|seizure)\b|\bshaking for\b",
        requires=r"\b(?:pregnan\w*|weeks (?:along|gone)|postpartum|gave birth|since the birth)\b",
        informational_ok=False,
    ),
    _p(
        OTHER,  # a small child into someone's medicine and now drowsy
        "child_ingestion",
        r"\b(?:toddler|baby|child|kid|little one|son|daughter|grandson|granddaughter)\b(?:\W+[\w']+){0,4}?\W+"
        r"(?:got into"
        r"|ate|swallowed|chewed|found|opened)\b(?=.*\b(?:sleepy|floppy|drowsy|limp|unresponsive|not waking|will not"
        r" wake|wobbly)\b"
        # ... or the tablets counted and some missing: how many went is unknown, poisons advise calling now
        r"|.*\b(?:(?:tablets|pills|capsules|doses) (?:are |is )?(?:missing|gone|unaccounted for)|(?:missing|gone)"
        r" (?:tablets|pills|capsules))\b)",
        requires=_MEDICINE + r"|\bpill bottle|\b(?:bottle|packet|pack) is empty\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # "I don't think I want to be here anymore"
        "not_want_to_be_here",
        r"\bi do not think i (?:want|wanna) (?:to )?(?:be here|be alive|live|exist|wake up)\b"
        r"(?! (?:at|for|in|on|when|with|tomorrow|today|if)\b)",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # a way of dying pictured over and over ("keep thinking about walking into the sea")
        "intrusive_method",
        r"\b(?:(?:keep|kept|cannot stop|can not stop|constantly|always|been) (?:thinking|picturing|imagining"
        r"|fantasi\w*) (?:about|of)|(?:thoughts?|urges?) (?:about|of)) (?:just )?(?:walking|wading|swimming|stepping"
        r"|driving|jumping|throwing myself|running) (?:out )?(?:into|in front of|off|under) (?:the |a )?(?:sea|ocean"
        r"|river|lake|water|waves|traffic|train|bus|bridge|cliff|roof|lorry|truck)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # a day set for it, said with a disclosure ("planned it for Sunday ... telling you because")
        "day_planned",
        r"\b(?:i have|i|it is all) (?:planned|set|scheduled) (?:it )?(?:for|on) (?:this |next )?(?:monday|tuesday"
        r"|wednesday|thursday|friday|saturday|sunday|tonight|tomorrow(?: night)?|the weekend)\b",
        requires=r"\b(?:stopped eating|telling you|calm about it|(?:someone|somebody) knows|goodbye|not ok|no point"
        r"|notes?|letters|burden|tired of|done)\b",
        requires_elsewhere=True,
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # exhaust fumes: in a car in a closed garage with the engine running
        "car_exhaust",
        r"\bgarage\b(?:\W+[\w']+){0,8}?\W+(?:engine|motor|car) (?:running|on|idling)\b"
        r"|\b(?:engine|motor|car) (?:running|on|idling)\b(?:\W+[\w']+){0,8}?\W+garage\b"
        r"|\b(?:car|van) in (?:the|my) garage\b(?:\W+[\w']+){0,5}?\W+(?:doors?) (?:shut|closed)\b",
        exclude=r"\b(?:door (?:open|up)|warm\w* (?:it )?up|mechanic|fix\w*|repair\w*)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # sorry to wake up alive
        "still_alive_disappointed",
        r"\b(?:disappointed|sad|upset|angry|gutted|annoyed) (?:that |to find |when )?(?:i am |i'm )?still (?:alive"
        r"|here|breathing)\b|\bwake up (?:disappointed|wishing i (?:had|did) not)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # a terse farewell: "done. goodbye."
        "terse_farewell",
        r"^\W*(?:i am |i'm |im )?(?:done|finished)\W+(?:goodbye|bye|farewell)\W*(?:everyone|all|world)?\W*$",
    ),
    _p(
        SELF_HARM,  # a means said to be ready ("rope's ready", "the noose is tied")
        "means_ready",
        r"\b(?:rope|noose|gun|pistol|rifle|shotgun|blades?|razors?)(?:'s|\W+is|\W+are)\W+(?:all\W+)?(?:ready|set up"
        r"|tied|waiting|in place|sorted|loaded)\b",
        exclude=r"\b(?:hunt\w*|range|climb\w*|camp\w*|boat|sail\w*|gym|shav\w*)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # a night named for it
        "night_named",
        r"\bthe (?:night|day) (?:i|i will|i am going to) (?:end it|end (?:my life|everything|things)|die"
        r"|kill myself)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # a medicine cabinet emptied ("I've taken everything in the medicine cabinet")
        "emptied_cabinet",
        r"\b(?:taken|took|swallowed|downed)\W+(?:everything|all (?:of )?(?:the|my) (?:\w+\W+)?(?:pills|tablets|meds"
        r"|medicines?)|the lot|every (?:pill|tablet))\W+(?:in|from|out of)\W+(?:the|my)\W+(?:\w+\W+)?(?:cabinet"
        r"|cupboard|drawer|box|bottle|packet|pack)s?\b",
        informational_ok=False,
    ),
    # --- concepts of rounds 26-27 (folksy stoicism and veterans; grammar: future tense, ellipsis, double negatives) ---
    _p(
        SELF_HARM,  # a gun kept back or left loaded on purpose ("kept one rifle", "won't bother unloading it")
        "firearm_kept_ready",
        r"\b(?:guns?|pistols?|rifles?|shotguns?|revolvers?|handguns?|firearms?)\b(?:\W+[\w']+){0,8}?\W+"
        r"(?:not (?:bother\w* (?:to )?|going to )?unload\w*|without unloading|leav\w* (?:it|one) loaded"
        r"|(?:one|a) (?:round|bullet|shell)"
        r" (?:left|in (?:it|the chamber)|chambered))\b"
        r"|\ball (?:of )?my (?:guns|rifles|firearms|pistols) (?:but|except|save) one\b",
        exclude=r"\b(?:hunt\w*|range|safety course|lesson|class|gunsmith|licen[cs]e)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # following the dead ("should have gone with them", "time I joined my buddies")
        "joining_the_dead",
        r"\bshould(?: have| of|'ve|ve) (?:gone|died|been killed|gone down|stayed) (?:with|alongside|beside|along with)"
        r" (?:them|em|'em|him|her|my \w+|the \w+)\b"
        r"|\b(?:join|joining|be with|go be with|see) (?:my |the )?(?:buddies|brothers|mates|comrades|unit|squad|crew"
        r"|late wife|late husband|wife|husband|son|daughter) (?:again )?(?:soon|tonight|tomorrow|up there|on the other"
        r" side)\b",
        requires=r"\b(?:tonight|tomorrow|soon|fix (?:that|it|this)|make it right|put it right|set (?:it|that) right"
        r"|end\w*|for good|this (?:week|weekend)|might|going to)\b",
        exclude=r"\b(?:trip|holiday|vacation|concert|game|reunion|party|visit\w*|parade|memorial)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # worth more dead: the insurance or the world better for one's absence
        "better_without_me",
        r"\b(?:life insurance|insurance (?:money|payout|policy)|payout)\W+(?:\w+\W+){0,3}?(?:would|will|could|might)"
        r" (?:do|be worth|help|be) (?:\w+\W+){0,3}?(?:more|better)\b(?:\W+\w+){0,4}?\W+than (?:me|i)\b"
        r"|\bworth more (?:dead|gone)\b"
        r"|\b(?:world|everyone|everybody|family|they|kids|house|things|life|people) (?:would|will|might|could) be"
        r" (?:\w+ )?(?:better|quieter|easier|happier|lighter|simpler|calmer|fine|okay|ok) (?:off )?without me"
        r"(?: in it| around| here)?\b",
        exclude=r"\b(?:office|team|meeting|on leave|holiday|vacation|trip|party|class|shift|rota|the match)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # no longer a burden by a date ("by Monday I won't be a burden to anybody")
        "burden_ending",
        r"\b(?:will not|not going to|never) be (?:\w+'s |a |an |your |their )?burden\b(?:\W+\w+){0,3}?\W*(?:any ?more"
        r"|any longer|much longer|for (?:much )?longer|again)\b"
        r"|\b(?:tired|sick) of being (?:a |the |everyone's |everybody's )?burden\b",
        requires=r"\b(?:by (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|the weekend"
        r"|next week|then|morning)|soon|tonight|tomorrow|gone|goodbye|for good|end\w*|grave|decided|the decision)\b",
        exclude=r"\b(?:scooter|wheelchair|stair ?lift|carer|physio|rehab|recover\w*|back on my feet|walk again"
        r"|drive again|independent)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # gone or not around by a set time, said flatly ("I'll be gone before they wake up")
        "gone_by_a_time",
        r"\bi will (?:be gone|not be (?:here|around|alive))\b(?!.*\b(?:holiday|vacation|flight|trip|conference"
        r"|travel\w*|business|camping|fishing)\b)(?:\W+\w+){0,2}?\W+(?:before|by|come|after) (?:my |the |they"
        r"|he|she|anyone|anybody|everyone|the kids|morning|sunday|monday|tuesday|wednesday|thursday|friday|saturday"
        r"|tomorrow|tonight|christmas|new year)\b"
        r"|\b(?:talking|acting|saying|writing) (?:like|as if|as though) i will not be (?:around|here)\b"
        r"(?=.*\b(?:i will not be|right|true|she is right|he is right)\b)",
        exclude=r"\b(?:holiday|vacation|flight|fly\w*|trip|travel\w*|conference|camping|fishing|hunting|errands?|store"
        r"|shops?|gym|visit\w*|out of town|business|early start|meeting|leave for|course|festival|moved|moving)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # a next visit declared unneeded, the decision made
        "no_next_visit",
        r"\b(?:there will not be|there is not going to be|there is no|i will not (?:need|be needing|make it to|be at|be"
        r" coming to)) (?:a |my |the |any |another )?(?:next|another|more|further|follow ?up|\w+) (?:appointments?"
        r"|visits?|check\w*|refills?|reviews?|sessions?)(?: for me)?\b",
        requires=r"\b(?:decision (?:has been|is|was) made|made (?:my|the|up my) (?:decision|mind)|mind is made up"
        r"|i have decided|decided|for good|goodbye|gone|it is time|the end)\b",
        exclude=r"\b(?:mov\w*|transfer\w*|new (?:gp|doctor|clinic|practice|cardiologist)|discharged|all clear"
        r"|signed off|cured|insurance|cancel\w* by|clinic closed)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # a double negative admitting it ("can't say I don't think about killing myself")
        "double_negative_admission",
        r"\b(?:cannot|can not|could not|will not|would not|not going to|i will not) (?:say|pretend|lie|deny|tell you)"
        r" (?:that )?i (?:do not|never|have not|am not) (?:think\w*|thought|want\w*|plan\w*) (?:about |of )?(?:killing"
        r" myself|suicide|ending (?:it|my life|things|everything)|dying|not waking up|not being here)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # stepping off a height thought of, the thought nearer now
        "stepping_off",
        r"\b(?:think\w*|thought|dream\w*) (?:about|of) (?:just )?(?:stepping|jumping|walking|driving|going|throwing"
        r" myself) (?:off|over)\b",
        requires=r"\b(?:overpass|bridge|ledge|roof|rooftop|cliff|edge|building|balcony|car park|parking (?:garage|deck)"
        r"|railing|platform|dam|quarry)\b",
        exclude=r"\b(?:diving board|bungee|zip ?line|skydiv\w*|paraglid\w*|cliff dive|into the (?:lake|pool|sea))\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # a running engine in a shut shed, barn or garage, whatever the vehicle
        "engine_in_shut_building",
        r"\b(?:engine|motor|truck|car|van|tractor) (?:running|on|idling)\b(?:\W+[\w']+){0,8}?\W+(?:shut|closed|locked)"
        r"\W*(?:up\W+)?(?:shed|barn|garage|workshop|outbuilding|lock ?up)\b"
        r"|\b(?:shed|barn|workshop|outbuilding)\b(?:\W+[\w']+){0,8}?\W+(?:engine|motor) (?:running|on|idling)\b",
        exclude=r"\b(?:door (?:open|up)|doors (?:open|up)|warm\w* (?:it )?up|mechanic|fix\w*|repair\w*|tun\w*"
        r"|servic\w*)\b",
        informational_ok=False,
        past_ok=True,
    ),
    _p(
        CARDIAC,  # a band or belt drawn round the chest or ribs, with the jaw, arm, sweat or sickness
        "band_round_chest",
        r"\b(?:band|belt|strap|rope|vi[cs]e|clamp)\b(?:\W+[\w']+){0,4}?\W+(?:around|round|across)"
        r" (?:my|your|his|her|the|their) (?:chest|ribs|rib ?cage)\b",
        requires=r"\b(?:jaw|arm|shoulder|sweat\w*|clammy|throw\w* up|threw up|vomit\w*|nause\w*|sick|breath\w*|grey"
        r"|gray|pale|right now|now)\b",
        requires_elsewhere=True,
        exclude=r"\b(?:heart rate|monitor|hrm|garmin|polar|fitbit|bra|harness|seat ?belt|sports bra|brace)\b",
        informational_ok=False,
    ),
    _p(
        STROKE,  # one leg, arm or side going numb or weak, with the sight or speech going at the same time
        "one_side_with_sight",
        r"\b(?:left|right|one) (?:leg|arm|side|hand|foot)\b(?:\W+[\w']+){0,2}?\W+(?:goes|going|went|gone|is going|has"
        r" gone|feels|is|turned|turning) (?:(?:kind of|sort of|a bit|all|really|very|completely|suddenly) )?(?:numb"
        r"|dead|weak|limp|heavy|floppy)\b"
        # asked about: "why is my left leg suddenly dead weight and my words slurring?"
        r"|\b(?:is|are) (?:my|his|her) (?:left|right) (?:leg|arm|side|hand|foot) (?:suddenly |all of a sudden )?(?:numb"
        r"|dead|weak|limp|heavy|floppy)\b",
        requires=r"\b(?:suddenly|sudden|out of nowhere|cannot (?:read|see|speak|talk|find)|not (?:be )?able to (?:read"
        r"|see|speak|talk)|vision|blurr\w*|double|words|slur\w*|droop\w*|face)\b",
        requires_elsewhere=True,
        exclude=r"\b(?:sitting|sat|crossed|slept on|lying on|fell asleep|pins and needles|after (?:a |the )?(?:run|ride"
        r"|workout))\b",
        informational_ok=False,
    ),
    _p(
        OTHER,  # lips, tongue or face swelling after a sting or a food, the breath changed
        "swelling_with_breath",
        r"\b(?:lips?|tongue|face|eyes|mouth)\b(?:\W+[\w']+){0,5}?\W+(?:swell\w*|swollen|puff\w* up|blow\w* up)\b",
        requires=r"\b(?:wheez\w*|squeak\w*|whistl\w*|rasp\w*|breathing (?:has |is )?(?:gone |got |getting |become )?\w+"
        r"|cannot breathe|hard to breathe|throat|hives)\b",
        requires_elsewhere=True,
        exclude=r"\b(?:filler|botox|dentist|dental|lip ?balm|cold sore|yesterday|last (?:week|month|year))\b",
        informational_ok=False,
    ),
    _p(
        CARDIAC,  # the chest as if kicked or struck ("like a mule kicked me in the chest"), with sweat or no let-up
        "struck_chest_feeling",
        r"\b(?:kicked|hit|punched|slammed|stomped)\W+(?:me\W+)?(?:\w+\W+)?(?:in|on) (?:the|my) chest\b"
        r"|\b(?:sat|stood|stepped|stamped|stomped) on (?:the|my) chest\b",
        requires=r"\b(?:sweat\w*|clammy|letting up|let up|eas\w*|arm|jaw|breath\w*|nause\w*|grey|gray|pale|sick"
        r"|dizzy)\b",
        requires_elsewhere=True,
        exclude=r"\b(?:football|rugby|soccer|game|match|sparring|karate|boxing|fight|horse riding lesson|yesterday"
        r"|last (?:week|month))\b",
        informational_ok=False,
    ),
    _p(
        CARDIAC,  # a heart going too fast with the room spinning or a near-fall
        "racing_with_near_fall",
        r"\b(?:heart|pulse)\b(?:\W+[\w']+){0,10}?\W+(?:(?:way |much |far )?too fast|racing|pounding|flopping"
        r"|fluttering|galloping|going (?:like )?(?:crazy|mad|nuts))\b",
        requires=r"\b(?:room\W*(?:is\W+|s\W+)?spinning|grab\w* (?:the|a|onto) (?:counter|wall|table|chair|rail\w*)|to"
        r" stay (?:up|upright|standing)|nearly (?:went over|fell|passed out|blacked out|keeled over)|greying out"
        r"|graying out|blacking out|going dark)\b",
        requires_elsewhere=True,
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # pills named first and then said saved up ("the pills, I've been saving them all up")
        "stockpiled_named_first",
        rf"\b{_MEDICINE}\W+(?:\w+\W+){{0,4}}?(?:sav\w*|stockpil\w*|stash\w*|hoard\w*|collect\w*) (?:them|it|those"
        r"|these) (?:all )?up\b",
        requires=_FINALITY + r"|\b(?:tonight|tomorrow|enough|the end)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # the means laid out, and somebody told before ("the rope's up, just wanted someone to know")
        "means_out_told",
        rf"{_MEANS}(?:'s|\W+is|\W+are)?\W+(?:\w+\W+){{0,2}}?(?:already\W+)?(?:out|ready|tied|tied up|set up|laid out"
        r"|waiting|up)\b",
        requires=r"\b(?:(?:wanted|want|needed) (?:someone|somebody|anyone|you|one person) to know|tell (?:someone"
        r"|somebody|anyone|you) (?:before|first)|goodbye)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # settling it oneself for good ("gonna take care of it myself, for good")
        "settle_it_myself",
        r"\b(?:take|taking) care of (?:it|things|this|everything|the problem) (?:myself|my own way|on my own)\b",
        requires=r"\b(?:for good|permanently|tonight|once and for all|no more|done (?:waiting|trying))\b",
        informational_ok=False,
    ),
    _p(
        OTHER,  # eyes rolled back: a fit or a collapse
        "eyes_rolled_back",
        r"\b(?:eyes?) (?:have |has |are |had |just )?(?:rolled|rolling|roll|gone) (?:back|up)(?: in (?:his|her|their"
        r"|my) head)?\b",
        exclude=r"\b(?:laugh\w*|lol|haha|annoy\w*|teen\w*|sarcas\w*|eye ?roll|pleasure|bored)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # nothing left to stay for
        "nothing_keeping_me",
        r"\bnothing (?:left )?(?:keeping|holding|to keep|to hold) me (?:here|going|alive|around|on this earth)\b",
        exclude=r"\b(?:mov\w*|town|city|job|country|relocat\w*|house|flat|apartment|area|state)\b",
        informational_ok=False,
    ),
    _p(
        OTHER,  # hard to wake or rouse: low sugar, an overdose, a stroke
        "hard_to_rouse",
        r"\b(?:hard|difficult|impossible|harder) to (?:wake|rouse)\b(?! (?:up )?(?:in the morning|for school|on"
        r" weekends|early))|\b(?:cannot|can not|could not|unable to|will not) (?:wake|rouse) (?:him|her|them|my \w+)"
        r"(?: up)?\b(?! (?:in the morning|for school|on weekends|early))",
        exclude=r"\b(?:teen\w*|alarm|lazy|weekend|school|mornings|lie ?in|hangover|night shift)\b",
        informational_ok=False,
    ),
    # --- concepts of rounds 40-44 (the crisis-line side: farewells, a dated decision, means prepared, an overdose
    # taken, self-injury now, a lethal question made personal, a third party armed and saying sorry) ---
    _p(
        SELF_HARM,  # a farewell act: never to be heard from again, love or sorry passed on through someone
        "farewell_act",
        r"\byou(?: will|'ll| are going to) (?:not|never) (?:hear from|see|be hearing from) me (?:again|any ?more"
        r"|ever again"
        r"|after (?:tonight|today|this))\b(?!\W+(?:until|till|for (?:a|the|\w+ (?:days|weeks))|while|this (?:week"
        r"|month)"
        r"|on holiday))"
        r"|\b(?:tell|let) (?:my|our) \w+(?: and \w+)? (?:know )?(?:that )?i (?:loved|am sorry|was sorry|always loved)"
        r"\b(?!\W+(?:the|your|his|her|their|it|that|this|about|for (?:the|being late))\b)"
        r"|\bi have said (?:all )?my goodbye\b|\bsaid goodbye to (?:everyone|everybody|the people (?:who|that) matter"
        r"|all of them|the people i love)\b(?!.{0,40}\b(?:party|airport|station|holiday|trip|gym|job|office|school)\b)",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # the account to be deleted once one is gone, said with despair or a farewell
        "account_after_gone",
        r"^(?!.*\b(?:switch\w*|another app|better (?:app|tracker)|new (?:phone|app|tracker)|found (?:a|an)|privacy"
        r"|subscription|holiday|vacation|trip|moving|data protection|gdpr|duplicate)\b)"
        r".*\b(?:delete|close|wipe|remove|shut down|cancel)\W+(?:my\W+)?(?:\w+\W+)?(?:account|profile|data|everything"
        r"|history)\W+(?:\w+\W+){0,2}?(?:after (?:tonight|today|this|i am gone|i go)|when i am gone|once i am gone)\b",
        requires=r"\b(?:goodbye|farewell|gets better|it does not|matter|sorry|love|need\w* it|hear from me|for good"
        r"|am gone|much longer|no point|done)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # a last message with thanks, not a last one for now
        "last_message",
        r"^(?!.*\b(?:holiday|vacation|trip|moving|surgery|operation|before (?:my|the|i go (?:on|to|away)))\b)"
        r".*\bthis is my (?:last|final) (?:message|text|words?|post)\b(?!\W+(?:for (?:today|now|tonight|the (?:day"
        r"|night|week)|this (?:week|evening|morning)|a while)|until|till|before)\b)",
        requires=r"\b(?:thank\w*|kind\w*|goodbye|farewell|sorry|love)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # one's own note written and left, with no other addressee or purpose
        "note_left",
        r"\b(?:wrote|written|finished|printed|left|writing) my (?:last |final )?(?:note|letter)\b(?!\W+(?:to|for|about"
        r"|on|from|of|re|regarding|asking|with|that|explaining|saying|in (?:my|the) (?:diary|journal|app))\b)"
        r"|\b(?:wrote|written|finished|left|leaving|writing) (?:the |some |a few |my )?(?:notes|letters|a letter"
        r"|a note)"
        r"(?: (?:to|for) (?:my |the )?(?:kids|children|family|wife|husband|partner|parents|mum|mom|dad|sister|brother"
        r"|son|daughter|loved ones|everyone|girls|boys)(?: and (?:my )?\w+)?)?\b(?=\W*(?:$|[.;!]|they are|it is|in the"
        r"|on the|by the|under|and (?:they|it)))",
        requires=r"\b(?:better off|end(?:ed)? it|hear from me|goodbye|farewell|for good|last|one last|drawer|kitchen"
        r" table|on the (?:table|fridge|bed|pillow)|by the bed|under (?:my|the) pillow|when i am gone|after i am gone"
        r"|printed it|not sure why i am telling|sorry|loved)\b",
        requires_elsewhere=True,
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # on the way to a place to jump or lie down, with a farewell or "now"
        "heading_to_method",
        r"\b(?:heading|going|on my way|walking|driving|off|about to go) (?:up )?to (?:the )?(?:train tracks|railway"
        r"(?: line| tracks)?|tracks|bridge|roof|rooftop|cliffs?|top floor|ledge|multi ?storey)\b(?! (?:club|game|party"
        r"|bar|restaurant|cafe|pub)\b)",
        requires=r"\b(?:tell (?:my|our|\w+)|goodbye|farewell|sorry|loved|for good|last|end (?:it|this)|jump\w*"
        r"|train tracks|tracks now|no point|done)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # a date set with no object, beside a withdrawal from care or death foreseen ("no point tracking")
        "decision_dated",
        r"\b(?:i have|i) (?:set|picked|chosen|fixed) (?:(?:a|the) (?:date|day|night|time)|(?:this |next )?(?:monday"
        r"|tuesday"
        r"|wednesday|thursday|friday|saturday|sunday))\b(?!\W+(?:for|to|of|with|at|as)\b)",
        requires=r"\b(?:no point (?:\w+ )?(?:tracking|logging|checking|recording|taking|in)|stop (?:sending|nagging"
        r"|reminding|messaging)|do not bother (?:nagging|reminding|checking|messaging)|reminders after|after that\W*$"
        r"|much longer|not (?:be )?(?:around|here)|problem for anyone|burden|goodbye|for good|it is happening"
        r"|made up my mind|mind is made up)\b",
        requires_elsewhere=True,
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # a decision made, with a time or with death foreseen ("mind made up, it is happening this weekend")
        "decision_made",
        r"\b(?:i have |i )?made up my mind\b(?!\W+(?:to|on|about|between|which|what|that)\b)|\bmy mind is made up\b"
        r"|\bit is happening (?:this|tonight|tomorrow|on|at|when|once|after)\b",
        requires=r"\bi have decided\b(?=\W*(?:$|[.;!]))|\b(?:much longer|not (?:be )?(?:around|here)"
        r"|problem for anyone|burden|goodbye|for good"
        r"|it is happening|made up my mind|mind is made up|(?:set|picked|chosen) (?:a|the) (?:date|day))\b",
        requires_elsewhere=True,
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # not planning or expecting to be alive by a day
        "not_around_by",
        r"\b(?:do not|not) (?:plan\w* on|plan\w* to|intend\w* (?:on|to)|expect\w* to) (?:be|being) (?:around|here|alive"
        r"|breathing)\b(?! (?:for (?:the|your|my|his|her)|to (?:see|watch|help)|when (?:you|the|they))\b)",
        exclude=r"\b(?:holiday|vacation|trip|office|work|home|town|travel\w*|party|meeting|house)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # a whole supply of a medicine asked about with a personal marker, or with it at hand
        "whole_supply_question",
        rf"\b(?:take|takes|took|taking|swallow\w*|down\w*)\W+(?:all|every|the whole|a whole|an entire)\W+(?:\w+\W+)"
        rf"{{0,3}}?(?:{_MEDICINE[3:-1]}|bottle|box|pack|packet)\b(?:\W+at once)?"
        r"|\b(?:enough|how many|how much|what dose)\b.{0,60}\b(?:stop (?:a|my|the|someone's) heart|kill (?:me|someone"
        r"|a person|an adult)|be (?:fatal|lethal|deadly)|not wake up|finish me)\b",
        requires=_PERSONAL + r"|\bi am not (?:ok|okay|alright|all right|fine|safe)\b|\b(?:in front of|next to|beside)"
        r" me\b|\bnot (?:plan\w*|expect\w*) (?:on|to) (?:be|being) (?:around|here|alive)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # an overdose already taken: a week's or month's supply, or all of it and waiting
        "overdose_taken",
        rf"\b(?:took|taken|swallowed|downed|had)\W+(?:my |a |the |his |her )?(?:whole |entire |full )?(?:week|month"
        rf"|weeks|months|fortnight)(?:'s|s|s')?(?: worth| supply)?(?: of)?\W+(?:my |his |her )?(?:\w+\W+)?"
        rf"(?:{_MEDICINE[3:-1]})\b(?!\W+(?:out|to|with me|on holiday|away)\b)"
        rf"|\b(?:took|taken|swallowed|downed)\W+(?:\w+\W+){{0,3}}?(?:{_MEDICINE[3:-1]})\W+(?:all of them|every (?:last"
        rf"|single)"
        r" one|the lot|the whole lot)\b",
        requires=r"\b(?:ago|waiting|lying here|for it to (?:happen|work|kick in|end)|spinning|weird|goodbye|sorry"
        r"|all of them|the lot|plus|and (?:a|my|the|some) (?:bottle|sleeping|wine|vodka|whisky|alcohol))\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # self-injury happening now or again ("burning myself with a lighter right now")
        "self_injury_now",
        r"\b(?:burn\w*|cut\w*|carv\w*|scratch\w*|slash\w*) (?:myself|my (?:own )?(?:skin|arms?|wrists?|thighs?|legs?"
        r"|stomach|hips?))\b",
        requires=r"\b(?:right now|again|tonight|cannot stop|can not stop|only thing|edge off|urges?|to feel|lighter"
        r"|cigarette|blade|razor)\b",
        exclude=r"\b(?:on (?:the|a|an)|oven|stove|iron\w*|pan|kettle|tray|chopping|cooking|shav\w*|accident\w*"
        r"|by mistake|sun\w*|gardening|paper|glass|fell|tripped|hair|nails?)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # a means got ready, hidden or laid out ("the rope is sorted", "hid a knife under my pillow")
        "means_prepared",
        r"\b(?:rope|noose|knife|knives|blade|razor|gun|rifle|shotgun|pistol|pills|tablets|meds)\W+(?:is "
        r"|are )?(?:all )?"
        r"(?:sorted|ready|set up|tied|hidden|stashed|lined up|counted out|laid out)\b"
        r"|\b(?:hid|hidden|hiding|stashed) (?:a|the|my) (?:knife|blade|razor|rope|gun)\b"
        r"|\b(?:everything|it all|all of it) (?:is )?(?:ready|set|prepared|sorted|in place|planned) for (?:tonight"
        r"|today|later|tomorrow)\b(?!'s)",
        exclude=r"\b(?:skipping|climbing|camping|boat|sailing|cooking|kitchen drawer|chef|hunting trip|range"
        r"|from (?:the"
        r"|my) (?:kids|children|grandkids|dog|cat)|dinner|party|trip|holiday|race|surgery|appointment|flight)\b",
        requires=r"\b(?:tonight|asleep|do it|one last|last|for the record|wake up|goodbye|loft|attic|garage|pillow"
        r"|done|end it|not wanting|die|dying)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # hoping the heart fails, or vowing to help it along
        "help_it_along",
        r"\b(?:hope|hoping|wish|praying|pray) (?:that )?my heart (?:would |will )?(?:just )?(?:gives? out|gives? up"
        r"|stops?|packs? (?:in|up)|fails?|quits?)\b(?!\W+(?:racing|pounding|fluttering|skipping|doing|being|beating so"
        r"|hurting|on the|during))"
        r"|\b(?:if (?:it|that|not|i)\W+(?:\w+\W+){0,3}?)?i (?:will|am going to|am gonna) (?:help it along"
        r"|make sure (?:of it|it does)|speed it up|hurry it along"
        r"|finish the job)\b",
        exclude=r"\b(?:hike|run|race|climb|game|match|marathon|haha|lol)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # an act timed for when nobody can stop it ("once everyone is asleep", "the house is empty on ...")
        "timed_act",
        r"\b(?:going to|gonna|will|plan\w* to|about to) do it (?:once|when|after|as soon as|while)\b"
        r"|\b(?:once|when|after|as soon as) (?:everyone|everybody|the (?:kids|house|family)|my \w+)(?: in the house)?"
        r" (?:is |are )?(?:asleep|in bed|gone|out)\W+(?:\w+\W+){0,3}?(?:i will|i am going to|going to|gonna) do it\b"
        r"|\b(?:going to|gonna|will|plan\w* to|about to|ready to) (?:take|swallow"
        r"|down) every (?:single )?(?:\w+ ){0,3}?"
        r"(?:pill|tablet|medicine|med|capsule)s? (?:i (?:own|can find|have left|have got|have saved)|in the house)\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,  # someone else armed and saying sorry or goodbye, out of reach
        "third_party_armed",
        rf"\b(?:{_PERSON[3:-1]})\W+(?:\w+\W+){{0,6}}?(?:loaded|got out|taken out|is holding|has got|is got|got|has"
        rf"|took|grabbed)"
        r" (?:his|her|their|a|the) (?:\w+ )?(?:gun|rifle|shotgun|pistol|revolver)\b",
        requires=r"\b(?:sorry for everything|goodbye|farewell|not (?:picking up|answering)|will not answer|locked"
        r"|said (?:he|she|they) (?:is|are) sorry|love you all|end it|kill (?:himself|herself|themselves))\b",
        informational_ok=False,
    ),
    # --- concepts of rounds 40-43 (physical: clots after travel, failing heart, atypical infarcts, ESL stroke) ---
    _p(
        OTHER,  # pulmonary embolism: a chest or side pain on breathing, or sudden breathlessness, with a swollen or
        # sore calf after a long flight, drive, operation or time laid up
        "pulmonary_embolism",
        r"\b(?:calf|calves|leg|legs)\b(?:\W+[\w']+){0,4}?\W+(?:swollen|swell\w*|puffy|tender|sore|painful|hurts?"
        r"|hurting|red|hot|tight|aching|achy)\b"
        r"|\b(?:swollen|swelling|puffy|tender|sore|painful|red|hot|aching|achy)\W+(?:\w+\W+){0,2}?(?:calf|calves|leg)\b",
        requires=r"^(?=[\s\S]*\b(?:breath\w*|chest|side|rib\w*|air)\b)(?=[\s\S]*\b(?:flight|flew|fly\w*|plane"
        r"|long (?:drive|haul|journey|trip|car ride|bus ride|train ride)|drove|driving|road trip|surgery|operation|op"
        r"|replacement|hospital|bed ?rest|laid up|in bed|cast|plaster|immobil\w*|after (?:giving )?birth)\b)"
        r"(?=[\s\S]*\b(?<!no )(?<!not )(?<!without )(?:sudden\w*|stabb\w*|sharp|breathe in|breathing in"
        r"|every breath|each breath|catch (?:my|his|her) breath|short of breath|breathless|cannot breathe|out of breath"
        r"|pleuri\w*|cough\w* (?:up )?blood)\b)",
        exclude=r"\b(?:compression (?:socks|stockings)|should i|what are|how (?:do|can|to)|in case|lol|haha|a bit"
        r"|a little|slightly|mild\w*"
        r"|after (?:a |the |my )?(?:run|workout|gym|hike|leg day|squats)|cramp\w*)\b",
        informational_ok=False,
    ),
    _p(
        BREATHING,  # acute heart failure: cannot lie flat, sleeping up in a chair, gasping or drowning lying down
        "orthopnea",
        r"\b(?:cannot|can not|could not|unable to|not able to|can barely|can hardly)\W+(?:\w+\W+)?(?:lie|lay|lying"
        r"|laying|sleep|sleeping)\W+(?:\w+\W+)?(?:down|flat|back)\b"
        r"|\b(?:slept|sleeping|sleep|had to sleep|spent the night|spending the nights?)\W+(?:sitting\W+(?:up\W+)?)?"
        r"(?:in|on) (?:a|the|my|his|her) (?:chair|armchair|recliner)\b"
        r"|\b(?:feel|feels|feeling|felt) (?:like|as if|as though) (?:i am|i was|he is|she is|they are|i'm) drowning\b"
        r"|\bpropped (?:up )?on (?:\d+|two|three|four|five|six|lots of|a pile of) pillows\b",
        requires=r"\b(?:gasp\w*|breath\w*|air|drown\w*|suffocat\w*|frothy|froth|pink|wheez\w*|gurgl\w*|heart failure"
        r"|chf|legs? (?:are |is |have |has )?(?:\w+ )?(?:huge|massive|swollen|swelling|ballooned)|(?:kg|kilos?|lbs?"
        r"|pounds) (?:in|since|over))\b",
        exclude=r"\b(?:reflux|heartburn|back pain|my back|hips?|pregnan\w*|bump|baby|sciatica|jet lag|insomnia"
        r"|film|movie|nap|naps|napping|fell asleep watching)\b",
        informational_ok=False,
    ),
    _p(
        BREATHING,  # heart failure filling up: kilos gained in days with the breath going
        "fluid_gain",
        r"\b(?:up|gained|put on|gone up|went up|increase of|gain of)\W+(?:by\W+)?\d+(?:\.\d+)?\s*(?:kg|kgs|kilos?"
        r"|lbs?|pounds)\b(?:\W+[\w']+){0,3}?\W+(?:since|in|over|within) (?:the )?(?:last |past )?(?:\d+ |two |three"
        r" |four |a few |couple of )?(?:days?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday"
        r"|the weekend|overnight)\b",
        requires=r"\b(?:gasp\w*|breathless\w*|short of breath|cannot breathe|cannot (?:lie|lay|sleep) (?:down|flat)"
        r"|drown\w*|frothy|pillows|chair)\b",
        informational_ok=False,
    ),
    _p(
        CARDIAC,  # an atypical heart attack: jaw, teeth, neck or back between the shoulder blades aching with a cold
        # sweat and sickness, breathlessness or a "never felt like this"
        "atypical_mi_ache",
        r"\b(?:jaw|teeth|neck|between (?:my|his|her|the) shoulder ?blades|upper back)\b(?:\W+[\w']+){0,4}?\W+(?:ach\w*"
        r"|pain\w*|hurt\w*|sore|tight\w*|heav\w*|pressure)\b"
        r"|\b(?:ach\w*|pain\w*|hurt\w*|tight\w*|heav\w*|pressure)\W+(?:\w+\W+){0,3}?(?:jaw|teeth|neck|between (?:my|his"
        r"|her|the) shoulder ?blades)\b",
        requires=r"^(?=[\s\S]*\b(?:sweat\w*|drenched|clammy|soaked)\b)(?=[\s\S]*\b(?:nause\w*|sick|vomit\w*|threw up"
        r"|throwing up|breath\w*|never felt (?:like )?(?:this|anything like)|not right|grey|gray|pale|faint|dizzy"
        r"|light ?headed|weak\w*|(?:barely|hardly|cannot) stand)\b)",
        exclude=r"\b(?:dentist|dental|toothache|tooth ache|filling|root canal|grind\w*|clench\w*|tmj|braces|wisdom"
        r"|gym|workout|hangover|hungover|night out|flu|fever|covid|(?:have|got|caught) (?:a |the )?cold|head cold)\b",
        informational_ok=False,
    ),
    _p(
        CARDIAC,  # a sudden exhaustion or weakness with breathlessness and sweat (women, the old, diabetics)
        "sudden_exhaustion",
        r"\b(?:sudden\w*|all of a sudden|out of nowhere)\W+(?:\w+\W+){0,3}?(?:exhausted|tired|weak|wiped out|drained"
        r"|wrung out|no energy|worn out)\b",
        requires=r"^(?=[\s\S]*\b(?:sweat\w*|clammy|drenched|soaked)\b)(?=[\s\S]*\b(?:breath\w*|breathless|gasp\w*|air)"
        r"\b)",
        exclude=_EXERTION + r"|\b(?:gym|workout|run|jog|hike|sauna|hot yoga|heat ?wave|flu|fever|covid|cold|night"
        r" shift)\b",
        informational_ok=False,
    ),
    _p(
        CARDIAC,  # "indigestion" an antacid did not touch, spreading up or with a sweat
        "indigestion_not_relieved",
        r"\b(?:tums|gaviscon|rennie\w*|antacids?|omeprazole|pepto\w*|zantac|alka ?seltzer|milk)\b(?:\W+[\w']+){0,3}?\W+"
        r"(?:did nothing|does nothing|has done nothing|not (?:helping|working|touching it)|did not (?:help|work|touch"
        r" it)|have not (?:helped|worked)|has not (?:helped|worked)|no (?:help|use|difference))\b",
        requires=r"\b(?:neck|jaw|arm|shoulder|back|sweat\w*|clammy|breath\w*|nause\w*|grey|gray|pale)\b",
        informational_ok=False,
    ),
    _p(
        CARDIAC,  # a pain that creeps or climbs into the neck, jaw or arm, with a sweat
        "atypical_cardiac",
        r"\b(?:creep\w*|crawl\w*|climb\w*|mov\w*|spread\w*)\W+(?:up\W+|down\W+)?(?:in)?to\W+(?:my|his|her|the)\W+"
        r"(?:jaw|left arm|arms?|neck|throat|shoulder)\b",
        requires=r"\b(?:sweat\w*|clammy|nause\w*|sick|pale|gr[ae]y|breathless|short of breath|faint\w*)\b",
        exclude=r"\b(?:teeth|tooth|dentist|dental|posture|desk|massage|gym|lifting|stretch\w*|rash|itch\w*)\b",
        informational_ok=False,
    ),
    _p(
        CARDIAC,  # the aorta: a sudden tearing or boring pain through to the back, a pulsating lump in the belly
        "aortic",
        r"\b(?:tear\w*|ripp\w*|boring|bore|drilling)\W+(?:\w+\W+){0,4}?(?:through|into|to|in) (?:to )?(?:my|his|her"
        r"|the) back\b"
        r"|\b(?:pain\w*|ach\w*)\W+(?:\w+\W+){0,4}?(?:boring|going|shooting|tearing|ripping|cutting|drilling)"
        r" (?:right |straight )?through (?:to )?(?:my|his|her|the) back\b"
        r"|\b(?:puls\w*|throbb\w*|beating|pounding) (?:lump|mass|bulge|swelling)\b"
        r"|\b(?:lump|mass|bulge|swelling) (?:in (?:my|his|her|the) (?:belly|tummy|stomach|abdomen)\W+)?(?:that )?"
        r"(?:is )?(?:puls\w*|throbb\w*|beat\w*)\b",
        requires=r"\b(?:sudden\w*|faint\w*|dizzy|pass\w* out|collaps\w*|clammy|sweat\w*|awful|severe|terrible"
        r"|excruciating|worst|agony|pale|grey|gray)\b",
        exclude=r"\b(?:tattoo|drill (?:bit|press)|bored|boring (?:job|day|meeting|film|class|lecture))\b",
        informational_ok=False,
    ),
    _p(
        OTHER,  # acute limb ischaemia, the limb named first: "my leg suddenly went cold and white"
        "limb_ischaemia",
        r"\b(?:leg|foot|arm|hand)\b(?:\W+[\w']+){0,3}?\W+(?:cold|white|pale|mottled|icy|ice cold|blue)\b",
        requires=r"^(?=[\s\S]*\b(?:sudden\w*|all of a sudden|out of nowhere)\b)(?=[\s\S]*\b(?:agoni\w*|excruciating"
        r"|(?:cannot|can not|could not) (?:feel|move)|no pulse|numb|dead)\b)",
        exclude=r"\b(?:raynaud\w*|winter|weather|snow|ice bath|ice pack|always|every (?:morning|night|winter))\b",
        informational_ok=False,
    ),
    _p(
        STROKE,  # sudden loss of sight in one eye, "like a curtain came down"; any question frame around it
        "vision_loss",
        r"\b(?:curtain|shade|blind|shadow|veil|blackness|darkness)\W+(?:\w+\W+){0,2}?(?:came|coming|come|fell|falling"
        r"|drawn|drew|pulled|dropped|dropping|moving|moved|went) (?:down|up|across|over)\b"
        r"|\b(?:cannot|can not|could not) see (?:out of|from|with) (?:my|his|her|their|the|one) (?:left |right |one )?"
        r"eye\b",
        requires=r"\b(?:eyes?|vision|sight|see|seeing)\b",
        exclude=r"\b(?:window|stage|theatre|theater|film|movie|shop|blinds in|lazy eye|patch|cataract surgery"
        r"|since (?:birth|childhood)|always been)\b",
        informational_ok=False,
        past_ok=True,  # "came down" is the curtain's motion here, not a reading that has settled
    ),
    _p(
        OTHER,  # no pulse felt in someone down (after a blow to the chest, commotio cordis, or any collapse)
        "no_pulse",
        r"\b(?:(?:do not|did not) think|not sure|cannot tell if|no idea if) (?:he|she|they|it) (?:has|have|has got"
        r"|had) (?:a |any )?pulse\b"
        r"|\b(?:has|have|had|got|there is|with|has got|find|found|feel|felt) no pulse\b|\bpulseless\b"
        r"|\b(?:cannot|can not|could not|unable to|not able to) (?:find|feel|get|detect) (?:a |his |her |their |any )"
        r"?pulse\b",
        exclude=_DEVICE + r"|\b(?:my pulse|my wrist|my neck|to count|practi[cs]\w*|dummy|manikin|mannequin|first aid"
        r" course|cpr class|if (?:someone|a person|somebody))\b",
        informational_ok=False,
    ),
    _p(
        BREATHING,  # a sedative or opioid, often with drink: barely awake and the breathing slowed
        "respiratory_depression",
        r"\bbreathing\W+(?:(?:is|feels|seems|has|got|gotten|gone|become|so|really|super|very|way|too|getting)\W+){0,3}"
        r"(?:slow\w*|shallow|weak)\b"
        r"|\b(?:barely|hardly|can barely|can hardly|cannot) (?:keep (?:my|his|her|their) eyes open|stay awake"
        r"|awake|conscious|responding|breathing)\b",
        requires=r"\b(?:xanax|valium|ativan|klonopin|benzo\w*|diazepam|lorazepam|alprazolam|clonazepam|zopiclone"
        r"|zolpidem|ambien|sleeping (?:pills?|tablets)|sleepers|oxy\w*|opioids?|opiates?|codeine|tramadol|morphine"
        r"|fentanyl|heroin|methadone|gabapentin|pregabalin|lyrica|percocet|vicodin|alcohol|vodka|wine|beer|whisk\w*"
        r"|drinks|drinking|drunk|booze|gin|rum|tequila|pills)\b",
        exclude=r"\b(?:exercise|technique|meditat\w*|yoga|box breathing|app|breathing practice|on purpose)\b",
        informational_ok=False,
    ),
    _p(
        STROKE,  # literal-translation stroke signs: the mouth or face "going one side"
        "face_droop",
        r"\b(?:face|mouth|lips?|smile)\b(?:\W+[\w']+){0,2}?\W+(?:going|gone|went|goes|turn\w*|pull\w*|twist\w*|bent"
        r"|bending|moved|moving|shifted|slipping|slipped) (?:to |towards |on |at )?(?:one|the (?:left|right|one)|left"
        r"|right|1) side\b",
        exclude=r"\b(?:dentist\w*|dental|bell'?s palsy (?:last|in) \d+|yawn\w*|smirk\w*|on purpose|selfie)\b",
        informational_ok=False,
    ),
    _p(
        STROKE,  # literal-translation stroke signs: not talking proper, words coming mixed, tongue heavy
        "speech_difficulty",
        r"\bnot (?:able to |abel to )?(?:talk\w*|speak\w*|say\w*)\W+(?:\w+\W+){0,2}?(?:proper|properly|right|clear\w*"
        r"|normal\w*|correct\w*)\b"
        r"|\bwords\W+(?:are\W+|is\W+|keep\W+)?(?:coming|come|came)\W+(?:out\W+)?(?:all\W+)?(?:mixed|jumbled|scrambled"
        r"|wrong|muddled|garbled|broken|strange)\b"
        r"|\btongue\W+(?:is|feels|feel|has become|became|gone|went|getting)\W+(?:very\W+|so\W+|too\W+)?(?:heavy|thick"
        r"|numb|stiff)\b",
        exclude=r"\b(?:english|grammar|language|accent|hindi|urdu|spanish|yet|toddler|baby|speech (?:therapy|delay)"
        r"|stammer\w*|stutter\w*|dentist\w*|dental|filling|anaesthe\w*|anesthe\w*|novocaine|numbing|hot (?:tea"
        r"|coffee|soup)|burnt|burned|shy|nervous)\b",
        informational_ok=False,
    ),
    _p(
        STROKE,  # literal-translation: "not able to lift his right hand"
        "one_sided_weakness",
        r"\b(?:not able to|unable to|could not|can not|cannot) (?:move|lift|raise|use|hold|grip)\W+(?:up\W+)?"
        r"(?:(?:my|his|her|their|the)\W+)?(?:left|right|one)\W+(?:side|arm|leg|hand)\b",
        exclude=r"\b(?:shoulder|frozen|injur\w*|cast|sling|surgery|operation|fracture\w*|broken|sprain\w*|gym|sore"
        r"|workout|above (?:my|his|her) head|arthritis|since (?:last|the) (?:week|month|year|fall))\b",
        informational_ok=False,
    ),
    _p(
        BREATHING,  # literal-translation: "breath is not coming", "cannot take air"
        "cannot_breathe",
        r"\bbreath\w* (?:is |are )?not coming\b|\bair (?:is )?not (?:coming|going) in\b"
        r"|\b(?:cannot|can not|could not|not able to|unable to) (?:take|get|pull|draw) (?:in )?(?:the |any |enough )?"
        r"(?:air|breath)\b",
        exclude=_EXERTION + r"|\bthrough (?:my|his|her|the) nose\b|\bstuffy\b|\bblocked nose\b|\bcongest\w*",
        informational_ok=False,
    ),
    _p(
        STROKE,  # literal-translation thunderclap: "head is paining too much, never like this before"
        "worst_headache",
        r"\bhead\w*\b(?:\W+[\w']+){0,4}?\W+(?:pain\w*|hurt\w*|ach\w*|splitting|bursting|pounding|throbbing)\b"
        r"(?:\W+[\w']+){0,6}?\W+never (?:\w+ ){0,2}?(?:like (?:this|that|it)|this bad|so bad)\b",
        informational_ok=False,
    ),
    # --- rounds 45-49: dangers told by someone with the person, and frames that hide them ---
    _p(
        # someone there not breathing, or barely, said of them as a fact now; a request ("can you call someone, my
        # husband's not breathing") or a question ("what's the number, he's barely breathing") around it hides nothing
        OTHER,
        "not_breathing_now",
        rf"\b(?:{_PERSON}|my [\w']+|[\w']+s)(?:'s| is| are)? (?:not|no longer|has stopped|stopped) breathing\b"
        r"|\b(?:do not|cannot|can not|could not) (?:think|tell if|tell whether|see if|see whether|feel if)"
        rf" (?:{_PERSON}|my [\w']+) (?:is|are|was|is still) breathing\b",
        exclude=r"\bif\b|\bwhen (?:someone|somebody|a person|you)\b|\b(?:in (?:his|her|their|my) sleep|asleep|apn[o]?ea"
        r"|snor\w*|through (?:his|her|my|the) nose|stuffy|blocked nose|congest\w*)\b"
        r"|\b(?:dog|cat|puppy|kitten|pet|hamster|rabbit|bird|fish|plant|character|doll)\b",
        informational_ok=False,
    ),
    _p(
        BREATHING,
        "barely_breathing_now",
        rf"\b(?:{_PERSON}|my [\w']+)(?:'s| is| are) (?:barely|hardly|only just|struggling to be) breathing\b",
        exclude=r"\bif\b|\b(?:through (?:his|her|my|the) nose|stuffy|blocked nose|congest\w*|laugh\w*|giggl\w*"
        r"|dog|cat|puppy|kitten|pet|hamster|rabbit|bird)\b",
        informational_ok=False,
    ),
    _p(
        # fighting for each breath said plainly ("struggling for air", "fighting for breath")
        BREATHING,
        "struggling_for_air",
        r"\b(?:struggling|fighting|battling|straining|desperate|clawing|gulping) for (?:air|breath|every breath)\b",
        exclude=_EXERTION + r"|\b(?:run|ran|running|sprint\w*|swim\w*|climb\w*|stairs|hike|hiking|gym|workout"
        r"|under ?water|laugh\w*|\d+ ?k|marathon|race|match|training|spin|cycl\w*|bike|football|tennis)\b",
        informational_ok=False,
    ),
    _p(
        # breath too short for speech: a few words at a time between breaths
        BREATHING,
        "words_between_breaths",
        r"\b(?:barely|hardly|only|can only|cannot)\W+(?:\w+\W+){0,2}?(?:a few|one or two|two|three|four|2|3|4|single)"
        r" words?\b(?:\W+[\w']+){0,3}?\W+(?:between|without stopping for|before (?:needing|gasping for))"
        r" (?:a )?(?:breath\w*|gasps?)\b",
        exclude=_EXERTION + r"|\b(?:run|running|sprint\w*|singing|choir|language|french|spanish|german)\b",
    ),
    _p(
        # lips or fingertips a dusky grey-blue
        BREATHING,
        "cyanosis",
        r"\b(?:lips?|fingertips|fingers|nail beds?|face|skin)\W+(?:\w+\W+){0,2}?(?:dusky|(?:blu|gr[ae]y)ish grey"
        r"|blue[ -]gr[ae]y|grey[ -]blue|gray[ -]blue)\b",
        exclude=r"\b(?:lipstick|polish|paint\w*|photo\w*|filter|makeup|make up|dye)\b",
    ),
    _p(
        # the heart attack seen from outside: grey or pale and clammy, or sweating at rest, with the chest rubbed or
        # an "indigestion" blamed ("grey and clammy and keeps rubbing his chest, says it's just indigestion")
        CARDIAC,
        "grey_clammy_chest",
        r"\b(?:gr[ae]y|ashen|pale|pasty|white as a sheet)\b(?:\W+[\w']+){0,2}?\W+(?:clammy|sweat\w*|cold sweat)\b"
        r"|\b(?:clammy|sweat\w*)\W+(?:and\W+)?(?:gr[ae]y|ashen|pale)\b"
        r"|\bsweat\w*(?:\W+[\w']+)?\W+(?:sitting (?:still|down)|at rest|while resting|doing nothing"
        r"|lying (?:still|down)|in (?:his|her|their|my) (?:chair|armchair|bed)|in a cool room)\b",
        requires=r"\b(?:chest|heart|breastbone|indigestion|heartburn|jaw|left arm|arm ache|short of breath|breathless"
        r"|collaps\w*)\b",
        exclude=_EXERTION + r"|\b(?:sauna|hot (?:bath|tub|shower|flush\w*)|menopaus\w*|fever|flu|hangover|hung over"
        r"|night sweats|gym|workout|run|running)\b",
        informational_ok=False,
    ),
    _p(
        # a mouth or face hanging lower on one side ("the right side of her mouth is hanging lower than the left")
        STROKE,
        "face_droop",
        r"\b(?:side|corner|half) of (?:my|his|her|their|the) (?:face|mouth|lips?|smile)\b(?:\W+[\w']+){0,3}?\W+"
        r"(?:hang\w*|sitting|dropp\w*|slipp\w*|slid\w*|pull\w*|sunk|sinking)\W+(?:\w+\W+)?(?:lower|down)\b"
        r"|\b(?:face|mouth|smile)\b(?:\W+[\w']+){0,6}?\W+lower (?:on (?:one|the (?:left|right)) side|than the (?:left"
        r"|right|other))\b",
        exclude=r"\b(?:dentist\w*|dental|filling|injection|anaesthe\w*|anesthe\w*|novocaine|numbing|root canal|botox"
        r"|photo\w*|selfie|picture|painting|drawing|bell'?s palsy (?:years|last))\b",
        informational_ok=False,
    ),
    _p(
        # speech gone thick, mushy or slow, the words not shaped ("her words are coming out mushy", "speech has gone
        # thick and slow")
        STROKE,
        "speech_difficulty",
        r"\b(?:words?|speech|talking|voice)\b(?:\W+[\w']+){0,3}?\W+(?:mushy|mush|thick and slow|thick and slurr\w*"
        r"|slow and thick|gone thick|come out thick|coming out thick|mangled|mumbl\w* and slow|sludgy|treacly)\b",
        exclude=r"\b(?:cold|flu|sore throat|laryngitis|crying|cried|tired|sleepy|asleep|woke up|waking|drunk|drinks"
        r"|wine|beer|dentist\w*|dental|filling|anaesthe\w*|anesthe\w*|novocaine|numbing|toddler|baby|learning)\b",
        informational_ok=False,
    ),
    _p(
        # a limb or side gone floppy or limp down one side ("muddled and floppy down one side since his nap")
        STROKE,
        "one_sided_weakness",
        r"\b(?:floppy|limp|flaccid|useless|droopy|heavy and numb|numb and heavy)\b(?:\W+[\w']+){0,3}?\W+(?:one|the left"
        r"|the right|his left|his right|her left|her right|my left|my right|left|right) side\b"
        r"|\b(?:leg|knee|legs)\W+(?:just\W+|suddenly\W+)?(?:buckled|gave way|gave out|went from under)\b"
        r"(?=.{0,80}\b(?:numb\w*|speech|words|slurr\w*|face|droop\w*|cannot (?:feel|move|lift))\b)",
        exclude=r"\b(?:cuff|slept|sleeping on|lying on|gym|workout|leg day|squats|lifting|sore|hair|ears|hat|cushion"
        r"|mattress|pillow|plant|flower)\b",
        informational_ok=False,
    ),
    _p(
        # a field of vision gone, said as the room or the view half missing ("the left side of the room isn't there")
        STROKE,
        "vision_loss",
        r"\bhalf (?:of )?what (?:i|he|she|they) (?:am|is|are)? ?(?:looking at|seeing|can see)\b(?:\W+[\w']+){0,5}?\W+"
        r"(?:disappeared|vanished|gone|missing|went (?:dark|black|blank)|blacked out|is not there)\b"
        r"|\b(?:left|right|one) (?:side|half) of (?:the|my|his|her) (?:room|view|vision|sight|world|face in front"
        r"|plate|field of vision|visual field)\b(?:\W+[\w']+){0,2}?\W+(?:is not there|is missing|has gone|gone"
        r"|vanished|disappeared|went (?:dark|black|blank)|blacked out)\b",
        exclude=_DEVICE + r"|\b(?:furniture|sofa|couch|moved|tidied|cleared|renovat\w*|lights?|lamp|bulb|power)\b",
        informational_ok=False,
    ),
    _p(
        # a knock to the head followed by drowsiness or vomiting (a bleed in the skull), whoever is telling it
        OTHER,
        "head_injury_drowsy",
        r"\b(?:fell|had a fall|fallen|fall|hit|bang\w*|knock\w*|bump\w*|crack\w*|smack\w*|whack\w*)\W+(?:\w+\W+){0,4}?"
        r"(?:my|his|her|their|the back of (?:my|his|her)|the side of (?:my|his|her))\W+(?:head|forehead|skull)\b"
        r"|\b(?:bump|lump|egg|gash|cut) on (?:my|his|her|their|the) (?:head|forehead|skull)\b",
        requires=_HEAD_SIGNS_NOT_DENIED + r"[\s\S]*\b(?:unusually (?:drowsy|sleepy)|drows\w*"
        r"|hard to wake|will not wake|cannot wake|vomit\w*|threw up|throwing up|been sick|being sick"
        r"|keeps? (?:dozing|nodding) off|(?:more|very|really) confused)\b",
        exclude=r"\b(?:if|whether|in case|watch for|look out for|keep an eye out)\b",
    ),
    _p(
        # the means laid out with the intent to take all of it oneself ("her morphine lined up and I'm going to take
        # all of it myself")
        SELF_HARM,
        "means_all_of_it",
        r"\b(?:going to|gonna|will|about to|planning to|plan to|want to|i am taking|i will take)\W+(?:just\W+)?"
        r"(?:take|swallow|down|have)\W+(?:all of (?:it|them)|all of (?:her|his|my|the) \w+|the (?:whole|entire) (?:lot"
        r"|bottle|box|pack|packet|supply)|the lot|every (?:last )?(?:one|pill|tablet)|them all|it all)\b",
        requires=r"\b(?:lined up|laid out|counted out|set out|saved up|stockpil\w*|stash\w*|hoard\w*|cannot do this"
        r"|can not do this|anymore|any more|had enough|end it|no point|goodbye|myself|for good)\b",
        informational_ok=False,
    ),
    _p(
        # telegraphic fragments ("not ok. chest. arm. cant"): a chest named with a spreading site or an inability in
        # a message of a few words cut by stops
        CARDIAC,
        "telegraphic_chest",
        r"\b(?:chest|heart)\s*[.,!]+\s*(?:[\w']+\s*[.,!]+\s*){0,2}?(?:left )?(?:arm|jaw|neck|breath|breathe"
        r"|cannot|can not|help|pain)\b",
        requires=r"^\W*(?:[\w']+\W+){1,9}[\w']*\W*$",
        exclude=r"\b(?:done|day|sets?|reps|workout|gym|tris|triceps|bis|biceps|abs|legs|shoulders|back|press|fly"
        r"|flies)\b",
    ),
    # --- concepts of rounds 45-50 (medication emergencies: a child into pills or patches, a bottle taken, the
    # wrong person's medicine, slow breathing on opioids, angioedema, a GI bleed, one eye gone dark, failing heart,
    # a stroke said oddly) ---
    _p(
        OTHER,  # a child into someone's medicine or patch: one tablet of a heart or opioid drug can kill a toddler
        "poisoning",
        r"\b(?:toddler|baby|infant|child|kid|kids|son|daughter|grandson|granddaughter|grandchild|grandkid|niece"
        r"|nephew|little one|(?:year|yr|month)s?[ -]old)\W+(?:\w+\W+){0,3}?(?:swallowed|ate|eaten|got into|got hold"
        r" of|chew\w*|suck\w*|bit into|had some of|put (?:\w+ )?in (?:his|her|their) mouth)\W+(?:[\w']+\W+){0,5}?"
        rf"(?:{_MEDICINE[3:-1]}|{_HEART_DRUG}|patch(?:es)?|heart (?:pills|tablets)|(?:blood )?pressure (?:pills"
        r"|tablets))\b",
        exclude=r"\b(?:child ?proof|child ?resistant|locked|out of reach|how (?:do|can|should) (?:i|we) (?:keep|stop"
        r"|prevent))\b",
    ),
    _p(
        SELF_HARM,  # a whole bottle, pack or supply already taken
        "overdose_taken",
        r"\b(?:took|taken|swallowed|downed)\W+(?:\w+\W+){0,5}?(?:the|a|an|my)\W+(?:whole|entire|full)\W+(?:bottle"
        r"|pack|packet|box|strip|blister|supply)\b",
        requires=rf"\b(?:{_MEDICINE[3:-1]}|{_HEART_DRUG}|pills?|tablets?)\b",
        exclude=r"\b(?:course|finished|as prescribed|over (?:the |a )?(?:\w+ )?(?:days|weeks|month))\b",
        informational_ok=False,
    ),
    _p(
        OTHER,  # another person's or the wrong medicine taken, with drowsiness, a slow pulse or collapse
        "wrong_medicine",
        r"\b(?:took|taken|swallowed|grabbed|had|given|gave (?:him|her|me))\W+(?:\w+\W+){0,2}?(?:the wrong|someone"
        r" else's|(?:my |his |her |our )?(?:\w+ )?(?:husband|wife|partner|roommate|flatmate|housemate|mum|mom|dad"
        r"|mother|father|friend|brother|sister|son|daughter|nan|nana|gran|grandma|grandpa|neighbou?r)'?s)\W+(?:\w+\W+)"
        rf"{{0,2}}?(?:{_MEDICINE[3:-1]}|{_HEART_DRUG}|pills?|tablets?|patch(?:es)?)\b",
        requires=r"\b(?:drowsy|sleepy|(?:barely|hardly|cannot|can not) (?:keep (?:my |his |her )?eyes open|stay awake"
        r"|stand|wake)|dizz\w*|faint\w*|confus\w*|slow (?:pulse|heart)|(?:heart ?rate|pulse|hr)\W+(?:is\W+|of\W+"
        r"|at\W+)?(?:[2-4]\d)\b|vomit\w*|throw\w* up|limp|passing out|out of it"
        r"|breathing (?:is )?(?:really |very |so )?slow)\b",
    ),
    _p(
        OTHER,  # a breathing rate of a handful a minute (opioid or sedative poisoning)
        "slow_breathing",
        r"\bbreath\w*\W+(?:\w+\W+){0,3}?(?:[1-8]|one|two|three|four|five|six|seven|eight)\W+(?:times|breaths)\W+(?:a"
        r"|per|each|every)\W+min\w*",
        exclude=r"\b(?:coach\w*|exercis\w*|practi\w*|techniques?|meditat\w*|paced|pacing|target|aim\w*|trying|app"
        r"|device|yoga|resonan\w*|box breathing|slow breathing)\b",
        informational_ok=False,
    ),
    _p(
        OTHER,  # angioedema: face, lips, eyelids or tongue swelling on an ACE inhibitor, or with a hoarse voice
        "angioedema",
        r"\b(?:face|lips?|eyelids?|eyes|tongue|mouth|cheeks?)\W+(?:\w+\W+){0,4}?(?:swell\w*|swollen|puff\w* up"
        r"|puffing|blow\w* up|blown up|balloon\w*)",
        requires=r"\b(?:\w{3,}pril|ace inhibitors?|hoarse\w*|voice|swallow\w*|throat)\b",
    ),
    _p(
        OTHER,  # black tarry stools (melaena) with lightheadedness, pallor or faintness: a bleed from the gut
        "gi_bleed",
        r"\b(?:black|tarry|tar|maroon)\W+(?:\w+\W+){0,2}?(?:stools?|poo\w*|bowel movements?|motions|bms?)\b"
        r"|\b(?:stools?|poo\w*|bowel movements?|motions)\W+(?:\w+\W+){0,3}?(?:black|tarry|like tar)\b",
        requires=r"\b(?:light ?headed\w*|dizz\w*|faint\w*|pale|grey|gray|weak\w*|breathless|short of breath|racing"
        r"|clammy|passing out|pass out|cannot stand)\b",
    ),
    _p(
        STROKE,  # sight in one eye gone dark or black all at once
        "vision_loss",
        r"\b(?:vision|sight)\W+(?:in|of|from|out of)\W+(?:my|his|her|their|the|one)\W+(?:left\W+|right\W+|one\W+)?eye"
        r"\W+(?:\w+\W+){0,3}?(?:went|gone|going|turned|is)\W+(?:\w+\W+)?(?:black|dark|blank|grey|gray|out)\b"
        r"|\b(?:left|right|one)\W+eye\W+(?:\w+\W+){0,2}?(?:went|gone|turned)\W+(?:\w+\W+)?(?:black|dark|blind|blank)\b",
    ),
    _p(
        BREATHING,  # too breathless to get more than a couple of words out ("can hardly get three words out")
        "words_between_breaths",
        r"\b(?:can|could) (?:barely|hardly|only just|only) (?:get|say|manage|speak|get out) (?:a few|one|two|three"
        r"|a couple of|\d) words(?: out)?\b",
        requires=r"\bbreath\w*|\bgasp\w*|\bwheez\w*|\bair\b",
        exclude=_EXERTION + r"|\b(?:cry\w*|sobb\w*|laugh\w*|nervous|shy|stammer\w*|stutter\w*)\b",
    ),
    _p(
        BREATHING,  # breathless at rest: sitting still, resting, lying down
        "air_hunger",
        r"\b(?:short(?:ness)? of breath|breathless|out of breath|winded|cannot catch (?:my |his |her )?breath)\W+(?:\w+"
        r"\W+){0,2}?(?:sitting still|sitting down|at rest|resting|lying (?:flat|down)|doing nothing|just sitting"
        r"|sitting on)\b"
        # more breathless than ever while only sitting ("than i have ever been and i am only sitting on the sofa"),
        # within the clause and with no "but" or "fine" between
        r"|\b(?:breathless|short of breath|out of breath)\W+than (?:i|he|she|they) (?:have |has )?ever (?:been|felt)"
        r"(?:[^\w.,;!?]+(?!(?:but|not|fine|ok|okay|except|unless)\b)[\w']+){0,5}?[^\w.,;!?]+(?:only|just) (?:sitting"
        r"|resting|lying)\b",
        exclude=_EXERTION,
    ),
    _p(
        STROKE,  # speech gone thick or slurred
        "speech_difficulty",
        r"\b(?:speech|words)\W+(?:\w+\W+)?(?:is|are|sounds?|feels?|coming out|come out|came out)\W+(?:\w+\W+)?(?:thick"
        r"|slurr\w*|mushy|garbled|drunk)\b",
        exclude=r"\b(?:dentist\w*|dental|filling|ana?esthe\w*|novocaine|numbing|drinks?|drunk|beers?|wine|pints"
        r"|tipsy|lol)\b",
        informational_ok=False,
    ),
    _p(
        STROKE,  # the room tipping or tilting with a walk that will not go straight (posterior circulation)
        "vertigo_ataxia",
        r"\b(?:room|floor|world|ground)\W+(?:\w+\W+){0,2}?(?:tip\w*|tilt\w*|lurch\w*|sideways|spinning|spun)\b",
        requires=r"\b(?:(?:cannot|can not|could not|unable to) walk (?:straight|properly|in a straight line)|veer\w*"
        r"|stagger\w*|speech|slurr\w*|double vision|fall\w* to one side)\b",
        exclude=r"\b(?:drinks?|drunk|beers?|wine|pints|tipsy|boat|ride|rollercoaster|lol|haha)\b",
    ),
    _p(
        STROKE,  # an arm or leg gone floppy or dead in minutes, or with confusion
        "limb_floppy",
        r"\b(?:arm|leg|hand|side)\W+(?:\w+\W+){0,3}?(?:floppy|limp|dead weight|useless)\b",
        requires=r"\b(?:suddenly|all of a sudden|in the last|minutes? ago|just now|not making sense|confus\w*|speech"
        r"|slurr\w*|face)\b",
        exclude=r"\b(?:slept on|sleeping on|lying on|pins and needles|gym|workout|sore|cast|sling)\b",
    ),
    # --- a clinician's safety net come true: "the gp said to ring 999 if the pain spreads to my arm, and now it has"
    # (the if-clause alone is advice, see _NOT_AN_EVENT_SPAN; said to have come true, it is the call being made) ---
    _p(
        OTHER,
        "safety_net_come_true",
        r"\b(?:said|says|told (?:me|us|him|her|them)|advised|instructed|warned)\W+(?:\w+\W+){0,3}?(?:to\W+)?(?:call"
        r"|ring|dial|phone)\W+(?:911|999|112|an ambulance|emergency services)\W+(?:if|when|should)\b[^.;!?]{0,100}?"
        + _SAFETY_NET_MET
        + r"|\b(?:said|says|told (?:me|us|him|her|them)|advised)\W+(?:that\W+)?(?:if|when)\b[^.;!?]{0,80}?\b(?:call"
        r"|ring|dial|phone)\W+(?:911|999|112|an ambulance|emergency services)\b[^.;!?]{0,40}?"
        + _SAFETY_NET_MET,
        exclude=r"\b(?:last (?:year|month|week|time)|(?:years?|months?|weeks?) ago|in (?:19|20)\d\d|(?:was|were) fine"
        r"|fine after\w*|turned out|in the end|false alarm)\b",
        informational_ok=False,
        past_ok=True,
    ),
    # --- concepts of rounds 51-53 (stroke signs in progress said in lay words; BE-FAST) ---
    _p(
        STROKE,  # Balance: veering or falling to one side, "wobbly like drunk" when sober, with an acute sign
        "balance_lost",
        r"\bveer\w*\W+(?:\w+\W+){0,3}?(?:into|to|towards?|off to)\W+(?:the\W+|one\W+|my\W+)?(?:walls?|left|right|side"
        r"|furniture|doors?)\b"
        r"|\b(?:fall\w*|fell|tipp\w*|toppl\w*|keel\w*) (?:over )?(?:to|towards?) (?:the |one |my |his |her )?(?:left"
        r"|right|one side)\b"
        r"|\bwobbl\w* like (?:i am |i was |he is |she is |he was |she was )?(?:drunk|tipsy)\b"
        r"|\b(?:cannot|could not|unable to|can not) (?:stand|walk|sit)(?: up)? without (?:falling|toppling|tipping"
        r"|keeling)\b",
        requires=r"\b(?:sudden\w*|all of a sudden|came on|out of nowhere|started (?:\w+ ){0,3}?ago|minutes? ago"
        r"|an? hour ago|just now|right now|vomit\w*|throwing up|(?:being|been) sick|eyes? (?:\w+ )?(?:jump\w*|flick\w*"
        r"|dart\w*|bounc\w*|jerk\w*|twitch\w*)|not drunk|have not (?:had|been) (?:anything|a drink|a drop|drinking)"
        r"|not been drinking|slurr\w*|tilt\w*|spinning|double vision|numb\w*)\b",
        exclude=r"\b(?:tipsy|beers?|wine|pints|shots|hangover|hung ?over|boat|cruise|ferry|rollercoaster|ride|lol|haha"
        r"|baby|toddler|learning to walk|trip\w*|slipp\w*|icy|ice|car|steering|bike|yoga|pose|heels)\b",
    ),
    _p(
        STROKE,  # Face: half the mouth or face not moving, or slack, melting or sliding on one side
        "face_droop",
        r"\b(?:only|just) (?:half|one side) (?:of )?(?:my|his|her|their|the) (?:mouth|face|smile|lips?)\W+(?:\w+\W+)?"
        r"(?:moved|moves|moving|lifted|lifts|went up|goes up|works|worked|responds|responded)\b"
        r"|\b(?:face|mouth|smile|cheek)\W+(?:\w+\W+){0,3}?(?:slack|melting|melted|sliding|slid|slipping|slipped"
        r"|hanging|sunk|sinking)\b(?=.{0,30}\b(?:one side|left|right|half)\b)"
        r"|\b(?:one|left|right) side of (?:my|his|her|their|the) (?:face|mouth)\W+(?:\w+\W+){0,4}?(?:slack|melt\w*"
        r"|slid\w*|slipp\w*|hanging|sunk|sinking)\b",
        exclude=r"\b(?:bell'?s|palsy|botox|fillers?|dentist\w*|dental|ana?esthe\w*|numbing|make ?up|mascara|heat|sun"
        r"|candle|ice cream|emoji|mask|skincare|cream|photo\w*|selfie|lol|haha)\b",
    ),
    _p(
        STROKE,  # Arm / hand: a hand that will not obey, grip or write, drops things, drifts down when held up
        "limb_clumsy",
        r"\b(?:fingers|hand|hands)\W+(?:\w+\W+){0,2}?(?:will not|would not|cannot|do not|does not|are not|is not)"
        r"\W+(?:do|doing) what (?:i|he|she|they) (?:tell|want|told|ask)\w*"
        r"|\b(?:cannot|could not|unable to|can not) (?:write|sign) (?:my|his|her|their) (?:own )?name\b"
        r"|\b(?:pen|pencil|cup|mug|glass|fork|spoon|phone|cutlery|keys)\W+(?:\w+\W+){0,2}?(?:keeps?|kept) (?:sliding"
        r"|slipping|falling|dropping) (?:out of|from)\b"
        r"|\b(?:keeps?|kept) dropping (?:\w+ ){0,3}?(?:from|out of) (?:my|his|her|their) (?:left |right )?hand\b"
        r"|\b(?:arm|hand)\W+(?:\w+\W+){0,2}?(?:keeps?|kept|is|was) (?:sinking|drifting|dropping|falling|floating)"
        r" (?:down|away)\b"
        r"|\b(?:arm|hand|leg)\W+(?:just|suddenly)\W+(?:went|gone|going) (?:useless|dead|limp|floppy)\b",
        requires=r"\b(?:sudden\w*|just|came on|out of nowhere|started|ago|right now|face|smile|mouth|speech|speak\w*"
        r"|words?|slurr\w*|numb\w*|heavy|confus\w*|arms?[- ]up|test|one side|typ\w*)\b",
        exclude=r"\b(?:wrist|sore|arthritis|carpal|tendon\w*|sprain\w*|cast|sling|injur\w*|broke\w*|cuts?|burn\w*"
        r"|rsi|cold|freezing|frozen|gloves|wet|soapy|greasy|slippery|sweaty|raynaud\w*|stiff\w*|year old|yet"
        r"|learning|school|kid|child|toddler|nursery|slept|sleeping|asleep|pins and needles|gym|workout|lol|haha)\b",
    ),
    _p(
        STROKE,  # Speech: stopped mid-sentence, no words will come, cannot answer simple questions
        "speech_difficulty",
        r"\b(?:cannot|could not|unable to|can not) get (?:any|a single) (?:words?|sentence)\W+(?:\w+\W+)?out\b"
        r"|\b(?:cannot|could not|unable to|can not|is not able to) answer (?:even )?(?:simple|basic|easy|the simplest"
        r"|straightforward) questions\b"
        r"|\bstopped (?:talking |speaking )?(?:mid[- ]?(?:sentence|word)|in the middle of (?:a |his |her |my )?"
        r"(?:sentence|word))\b(?=.{0,80}\b(?:cannot|could not|unable|nothing comes|no words|stare\w*|staring"
        r"|blank|not respond\w*)\b)",
        exclude=r"\b(?:bot|chatbot|app|receptionist|staff|customer service|website|support|interview|exam|nervous"
        r"|stage|presentation|shy|lol|haha)\b",
    ),
    _p(
        STROKE,  # a TIA or stroke recurring now ("same as my TIA last year ... right now")
        "tia_recurring",
        r"\b(?:same|just) (?:as|like) (?:my|his|her|their|the|when (?:i|he|she|they) had (?:my|his|her|their|a|the))"
        r" (?:\w+ )?(?:tia|mini[- ]?stroke|stroke)\b"
        r"|\b(?:tia|mini[- ]?stroke)\W+(?:is\W+)?(?:happening\W+)?again\b",
        requires=r"^(?=[\s\S]*\b(?:again|right now|now|is happening|back)\b)(?=[\s\S]*\b(?:numb\w*|weak\w*|speech"
        r"|words|face|arm|hand|leg|vision|slurr\w*|droop\w*|tingl\w*)\b)",
        past_ok=True,
    ),
    _p(
        SELF_HARM,  # more of one's pills than one should have, on purpose
        "overdose",
        r"\b(?:took|taken|swallowed|had)\W+(?:way |far |a lot |much |lots |loads )?more (?:of )?(?:my |his |her |their "
        r"|the )?(?:\w+ )?(?:pills|tablets|meds|medications?|medicines?|capsules|doses?)\b(?:\W+\w+){0,2}?\W+than\b",
        requires=r"\b(?:on purpose|deliberately|intentionally|meant to|wanted to)\b",
    ),
    _p(
        OTHER,  # more of one's pills than one should have, now drowsy or confused
        "overdose",
        r"\b(?:took|taken|swallowed|had)\W+(?:way |far |a lot |much |lots |loads )?more (?:of )?(?:my |his |her |their "
        r"|the )?(?:\w+ )?(?:pills|tablets|meds|medications?|medicines?|capsules|doses?)\b(?:\W+\w+){0,2}?\W+than\b",
        requires=r"\b(?:drows\w*|sleepy|cannot stay awake|cannot keep (?:my|his|her) eyes open|confus\w*|vomit\w*"
        r"|slow pulse|breathing slow\w*|passing out|pass out|unresponsive)\b",
    ),
)

# Long benign narratives (rounds 24-25): a professional's usual shift, a death already mourned, a scene of a
# draft or a drama watched, a first-aid list being taught, feedback on the app. Their symptom words are the story;
# a hit stays only where its own sentence says it is happening now or to the writer's own body.
_STORY_FRAME = re.compile(
    r"\bi am an? (?:\w+ )?(?:paramedic|emt|nurse|doctor|physician|cardiologist|first responder|firefighter|lifeguard"
    r"|medic|carer|care worker|resident|cna|dispatcher)\b(?=.*\b(?:shifts?|at work|i will see|we see|you see"
    r"|calls?)\b)"
    r"|\b(?:buried|(?<!my own )(?<!my )funeral|memorial service|eulogy)\b"
    r"|\b(?:novel|manuscript|chapter \d+|screenplay|fan ?fic\w*)\b"
    r"|\b(?:watch\w*|saw|seen|see) (?:a|an|the|this|that)\W+(?:\w+\W+){0,2}?(?:drama|film|movie|show|episode|series"
    r"|documentary|soap)\b"
    # a scene on screen: "in the movie the guy clutches his chest", "on Grey's Anatomy a patient's face drooped"
    r"|\b(?:in|on) (?:a|an|the|this|that|last night's|tonight's) (?:film|movie|show|episode|series|documentary|soap"
    r"|drama|sitcom|cartoon)\b(?! (?:theat\w*|hall|house|ring|night|venue|set)\b)"
    # what happens on screen in general ("in films people clutch their chest and drop dead")
    r"|\bin (?:the )?(?:films|movies|cartoons|soaps|tv shows|dramas)\b|\bon (?:tv|telly|netflix|hulu"
    r"|youtube|tiktok)\b"
    r"|\b(?:grey'?s anatomy|chicago med|the good doctor|new amsterdam|scrubs|house md|the pitt|the resident"
    r"|casualty|holby city|er episode)\b"
    r"|\b(?:first aid|cpr) (?:training|course|class|session|poster|kit|lesson|talk)\b|\bfridge magnet\b"
    rf"|\b(?:poster|leaflet|flyer|handout|checklist|cheat sheet|slides)\b{_ON_SOMEONE}"
    r"|\bis this (?:\w+ )?list right\b"
    r"|\bfeedback on\b|\bbug report\b|\bfeature request\b|\bemergency button\b"
)
_STORY_NOW = re.compile(
    r"(?<!well )(?<!fine )(?<!better )(?<!ok )(?<!okay )\bnow\b|\bcurrently\b|\bat the moment\b|\bas (?:i|we)"
    r" (?:type|speak|write)\b|\b(?:i am|he is|she is|they are) having\b|\bhelp (?:me|us|him|her)\b|\bplease help\b"
    r"|\b(?:i have|i have got|i feel|i am feeling|my)\W+(?:\w+\W+){0,2}?(?:chest|heart|arm|jaw|breath\w*|breathe"
    r"|head|face|lips|vision|speech|pulse)\b|\bi (?:can not|cannot) breathe\b"
)
_FIRST_PERSON = re.compile(r"\b(?:i|me|my|myself)\b")
# Dark-humour hyperbole: a threat tied to one more of something trivial, laughed off ("if I have to eat one more
# chicken breast I'll jump off a bridge, ha"). Self-harm hits in such a message are a figure of speech.
_HYPERBOLE = re.compile(
    r"\b(?:if i (?:have to|need to|must|hear|see|eat|get|do)\W+(?:\w+\W+){0,3}?one more|one more \w+(?: \w+)?"
    r"(?: and| then)? i will)\b"
)
_LAUGHED_OFF = re.compile(r"\b(?:ha|haha\w*|lol|lmao|rofl|kidding|jk)\b(?<!not kidding)")
# An episode over within minutes ("did my breathing and it passed in ten minutes", "took an antacid and it went
# within 15 min"), with nothing saying it is back: a question about it, not an event.
_EPISODE_OVER = re.compile(
    r"\b(?:it|they|that|the pain|pain|which)\W+(?:\w+\W+)?(?:passed|went(?: away)?|settled|eased|stopped|disappeared"
    r"|faded|cleared)\W+(?:in|within|after)\W+(?:about |around |like |roughly |under )?(?:\d+|a few|ten|five|fifteen"
    r"|twenty|thirty|a couple of|half an)\W*(?:min\w*|hours?|hrs?)\b"
)
# A heart that aches with grief ("cried all day and my heart literally aches"): an emotion unless with another sign.
_GRIEF = re.compile(
    r"\b(?:cried|crying|sad|grief|griev\w*|heartbroken|broke up|break ?up|lonely|missing (?:him|her)"
    # missing someone far away ("my heart is paining for my son abroad, i miss him")
    r"|(?:i|we) miss (?:him|her|them|you|my \w+)|homesick)\b"
)
# Plainly past self-harm ("I used to have suicidal thoughts years ago"), unless the clause says it is current.
_SELF_HARM_PAST = re.compile(
    r"\b(?:used to|(?:weeks|months|years|yrs|decades) ago|(?:a )?long (?:time )?ago|ages ago|a while (?:ago|back)"
    r"|(?:a|one|two|three|four|five|six|\d+) (?:week|month|year|yr)s? ago|years back"
    r"|when i was (?:younger|a (?:kid|child|teen|teenager)|in (?:high )?school|in college)|in my (?:teens|twenties|20s)"
    r"|as a (?:kid|child|teen|teenager)|back in (?:college|school|high school|university|the day)"
    r"|helped me (?:through|with|get over)|got (?:me )?through|recovered from|overcame|overcome"
    # recovery counted in time ("eight years clean now", "clean for two years", "self-harm free since 2019")
    r"|(?:days|weeks|months|years|yrs) (?:clean|free|sober)|(?:clean|free) (?:for|since) (?:\w+ )?(?:days|weeks|months"
    r"|years|\d{4})"
    r"|(?:was|were|felt|been) (?:\w+ ){0,2}once|got (?:some |professional |the right )?(?:help|treatment|therapy)"
    # a dated past ("talked about self harm last year", "I was suicidal in 2018")
    r"|(?<!since )last (?:week|month|year|summer|winter|spring|fall|autumn|christmas)|(?<!since )in (?:19|20)\d\d"
    # someone else's death by suicide, mourned ("my brother died by suicide last year")
    r"|(?:died|dies|death|passed|passed away|lost \w+(?: \w+)?) (?:by|to|from|through) suicide"
    r"|(?:committed|completed) suicide|took (?:his|her|their) own life)\b"
)
_SELF_HARM_CURRENT = re.compile(
    r"\b(?:again|(?<!well )(?<!better )(?<!fine )(?<!great )(?<!good )(?<!okay )(?<!ok )(?<!clean )(?<!free )now|still"
    r"|lately|tonight|today"
    r"|these days|recently|anymore"
    # an intent of one's own now, beside a past or someone else's ("he died by suicide and i want to end it too")
    r"|i (?:want|wanna|plan|intend|will|am going to|am gonna|am planning|am ready|am thinking)\b(?! (?:to )?(?:talk"
    r"|ask|know|understand|learn|discuss|share|say|mention|check|tell)\b))"
)

# Symptoms that turn crisis-range BP numbers into an emergency (AHA: signs of target-organ damage).
_CRISIS_SYMPTOM = re.compile(
    r"\b(?:headache\w*|migraine|head\W+(?:is\W+)?(?:\w+\W+)?(?:pounding|throbbing|killing me|hurts|hurting|"
    r"aching|splitting|exploding)"
    r"|splitting|chest\W+(?:\w+\W+)?(?:pain\w*|hurts?|tight\w*|pressure)|chest pain\w*"
    r"|(?:blurr\w*|double|loss of|losing|lost)\W+(?:\w+\W+)?vision|vision\W+(?:is\W+)?(?:\w+\W+)?(?:blurr\w*|"
    r"going|fading|gone|changes?|weird|dark)"
    r"|seeing (?:spots|stars|double)|confus\w*|dizz\w*|numb(?!er)\w*|nause\w*|vomit\w*|short\w* of breath|breathless|"
    r"head\W+(?:is\W+)?paining|(?:not|cannot|can not) (?:see|seeing) (?:clear\w*|properly|well|good|straight)|"
    r"nose ?bleed\w*"
    r"|weak\w*|cannot (?:see|speak|think|breathe))"
)
_HR_VALUE = re.compile(
    r"\b(?:hr|heart ?rate|heartrate|pulse|(?:heart(?: ?rate)?|pulse|hr|ecg|ekg) (?:monitor|tracker|app|strap)"
    # the heart's own verb: "heart racing at 180", "heart's been pounding like 170"
    r"|heart(?:'s|s)?\W+(?:(?:is|been|has been|keeps|just|still)\W+)*(?:racing|pounding|beating|going|running"
    r"|thumping|hammering|flying|jumping|fluttering))"
    r"\W+(?:(?:is|was|of|at|reading|says|showing|shows|show|hit|hitting|around|like|about|over|almost|nearly|up to"
    # the rate's own motion on the way to the number: "pulse is racing at 210", "HR keeps jumping between 150 and
    # 180", "pulse dropped to 34"
    r"|fast|really|so|racing|pounding|jumping|bouncing|hovering|stuck|keeps|kept|been|has|between|going|running"
    r"|dropped|dropping|down|went|gone|fell|falling|to|as low as|as high as|up|still)\W+)*(\d{2,3})\b"
    r"|\b(\d{2,3})\W*bpm\b|\bheart\W+(\d{2,3})\b(?!\s*/)"
    # a racing heart that has now reached a number: "heart's been racing all day but now it's 170"
    r"|\bheart(?:'s|s)?\W+(?:\w+\W+){0,3}?(?:racing|pounding|thumping|hammering)\b(?:\W+[\w']+){0,10}?\W+now"
    r" (?:it is|it's|its|at|up to) (\d{2,3})\b(?!\s*/)"
    r"|\b(\d{2,3})\W+on (?:my|the|his|her) (?:watch|monitor|fitbit|tracker|oximeter|apple watch|garmin)\b"
    # a rate by its decade: "pulse in the 30s", "heart rate has been in the low 30s"
    r"|\b(?:hr|heart ?rate|pulse)\W+(?:(?:is|was|has|been|keeps|stuck|sitting|staying|running|down|still|now)\W+)*"
    r"in the (?:low |mid |high |upper |lower )?([1-9]0)'?s\b"
    r"|\b(?:watch|monitor|fitbit|tracker|garmin|oura|whoop)\W+(?:\w+\W+)?(?:has (?:me|him|her) at|clocked me at"
    r"|has been at|stuck at)\W+(\d{2,3})\b(?!\s*/)"
)
_HR_SYMPTOM = re.compile(
    r"\b(?:light ?headed\w*|dizz\w*|faint\w*|pass(?:ing)? out|black(?:ing)? out"
    r"|chest\W+(?:\w+\W+)?(?:pain\w*|hurts?|tight\w*|pressure)|chest pain|short\w* of breath|breathless|cannot breathe"
    r"|confus\w*|muddled(?! (?:me|us|by|about)\b)|disorient\w*|sweat\w*|clammy|nause\w*|vomit\w*|weak\w*|shak\w*"
    r"|fainting|woozy|wobbly"
    r"|chest\W+(?:\w+\W+){0,2}?(?:weird|funny|strange|off|heavy|odd|wrong|fluttery)"
    r"|(?:going to|about to|gonna) (?:drop|collapse|keel over)"
    r"|gr[ae]y(?:ing|ed)? out"
    r"|room (?:is |keeps )?spinning|cannot stand|(?:will|going to|gonna|about to) fall (?:down|over)"
    r"|seeing (?:gr[ae]y|black|spots|stars)|legs (?:just )?(?:went|gave (?:way|out))"
    # hardly able to stay upright, or hands gone numb with the rate
    r"|(?:can barely|can hardly|barely|hardly|cannot|could not) (?:stand|walk|stay up|stand up|get up)"
    r"|(?:typing|texting|lying|stuck) (?:this )?(?:from|on) the floor"
    r"|cannot feel (?:my|his|her|their) (?:fingers|hands|feet|toes|arms|legs)|numb(?!er)\w*|tingl\w*|pins and needles)"
)
# ADA: level 2 hypoglycaemia is glucose < 54 mg/dL (3.0 mmol/L); with confusion, shaking or drowsiness the person
# may not be able to treat it alone.
HYPOGLYCAEMIA_MG_DL = 54
HYPOGLYCAEMIA_MMOL = 3.0
_GLUCOSE_VALUE = re.compile(
    r"\b(?:blood sugar|blood glucose|glucose|sugar|sugars|bg|bgl|cgm|libre|dexcom)\W+(?:(?:is|was|at|of|reading|reads"
    r"|says|showing|shows|dropped to|down to|fell to|just|only|like|around|about)\W+)*(\d{1,3}(?:\.\d)?)\b"
)
_HYPO_SYMPTOM = re.compile(
    r"\b(?:shak\w*|trembl\w*|sweat\w*|clammy|confus\w*|drowsy|sleepy|dizz\w*|faint\w*|cannot (?:think|stand|talk|speak"
    r"|see)|slurr\w*|seizure|fitting|pass(?:ing|ed)? out|unresponsive|will not wake|weak\w*)\b"
)
# a full stop after the reading ends its sentence ("Readings: 210/130."); "130.5" is not a reading
_BP_PAIR = re.compile(r"(?<![\d.])(\d{2,3})\s*(?:/|\\|over)\s*(\d{2,3})(?!\d|\.\d)")
# Signs that a collapse is not the "passed out on the couch" idiom; they void the collapse idiom exclusions.
_ALARM = re.compile(
    r"\b(?:pale|gr[ae]y and|clammy|not responding|unresponsive|cannot wake|will not wake|blue|hit (?:his|her|my|their)"
    r" head|not breathing|breathing (?:weird|funny|strange)|sweaty|sweating)\b"
)
# Someone asking for urgent help: with crisis numbers or a body word in a short message it is an emergency.
_DISTRESS = re.compile(
    r"^\W*help\b|(?:[\d.!,;:]\s*|\bplease |\bsomeone |\bneed )help\W*$|\bhelp ?!|\bhelp help\b|\bplease help\b"
    r"|\bemergency\b|\bsos\b|\b911\b|\bambulance\b|\bscared\b|\bterrified\b|\bpanick\w*\b"
    r"|\bwhat (?:do|should) i do\b|!{2,}"
)
_DISTRESS_BODY = re.compile(r"\b(?:chest|heart|breathe|breath|breathing|arm|jaw|face|head|pulse)\b")
_ALONE_EMERGENCY = re.compile(r"^\W*(?:emergency|sos|mayday|help me please|please help me|help me)\W*$")
_DISTRESS_MAX_TOKENS = 8
# Hypotension with symptoms (shock): systolic under 90 with fainting, dizziness or confusion.
HYPOTENSION_SYSTOLIC_MMHG = 90
_LOW_BP_SYMPTOM = re.compile(
    r"\b(?:dizz\w*|woozy|drowsy|sleepy|limp|faint\w*|light ?headed|pass(?:ing)? out|confus\w*"
    r"|muddled(?! (?:me|us|by|about)\b)|disorient\w*|cannot stand|clammy|slid (?:out of|off|down)"
    r"|(?:fell|falling|fall) (?:over|down))\b"
)
_BP_SINGLE = re.compile(
    r"\b(systolic|diastolic|top number|bottom number|sys|dia|sbp|dbp|upper number|lower number"
    r"|(?<!pulse )(?<!no )(?<!air )(?:blood )?pressure(?= is| was| reading| at| very| so| of| high| up)|bp)\W+"
    r"(?:\w+\W+){0,3}?(\d{2,3})\b(?!\s*(?:/|over|mg|mcg|ml|steps|cal\w*|kg|lb\w*|bpm|%))"
)

_NEGATION_TERMINATORS = frozenset(
    {"come", "stop", "stopping", "ease", "easing", "settle", "work", "working", "helping"}
)
# Words after "not" through which the negation still reaches a symptom ("not having any", "not really").
_NEGATION_CARRIERS = frozenset(
    [
        "have",
        "has",
        "had",
        "having",
        "feel",
        "feeling",
        "felt",
        "get",
        "getting",
        "got",
        "experience",
        "experiencing",
        "notice",
        "noticed",
        "see",
        "seen",
        "think",
        "believe",
        "any",
        "a",
        "an",
        "the",
        "much",
        "really",
        "even",
        "too",
        "so",
        "very",
        "that",
        "been",
        "being",
        "be",
        "always",
        "usually",
        "currently",
        "suffering",
        "dealing",
        "going",
        "gonna",
        "trying",
        "planning",
        "about",
        "ever",
        "want",
        "wanting",
        "intending",
    ]
)
# ... and a screening question answered no ("they ask if I have had suicidal thoughts, I say no because I haven't")
_POST_NEGATION = re.compile(
    r"\b(?:have|had|got|there (?:is|was|are|were)) none\b|\bnone to report\b"
    r"|\b(?:said|answered|rated (?:it|them)|scored (?:it|them)|gave (?:it|them))\W+(?:a\W+)?(?:zero|0|none)\b(?!\W*/)"
    r"|\b(?:say|said|answer|answered|tell (?:her|him|them)|told (?:her|him|them)) no because i (?:have not|had not"
    r"|do not|am not|never)\b"
)
# ... and a form's field answered no ("CHEST PAIN? NONE.", "chest pain: no")
_ANSWERED_NO = re.compile(
    r"\s*[?:=-]+\s*(?:none|no|nope|nil|negative|n/?a|absent|denied|zero|0)\b(?!\W*(?:relief|better|change|improvement"
    r"|let up|sign of (?:it )?(?:stopping|easing)))"
    r"|[^.?!:]{0,25}\?+\s*(?:nah|nope|no|not really|not at all|thankfully not|definitely not)\b"
    r"(?!\W*(?:one|idea|clue|way|relief|better|change|improvement|let up|sign of|answer))"
)
# A clinical note's denial of a list ("Pt denies chest pain, SOB, syncope")
_DENIES = re.compile(r"\b(?:denies|denied|deny|denying|negative for)\b")
_NEGATORS = frozenset({"no", "not", "never", "without", "nor", "denies", "deny", "none", "neither", "free", "zero"})
_RESOLVED = re.compile(
    # "it has gone" / "all gone now" is over; "has gone pale" or "gone all wobbly" is a new state
    r"\b(?:went away|(?:is|are|has|have|had|it is) (?:all |completely )?gone(?=\W*$|[.,;!?]|\s+(?:now|away|since"
    # ("has gone completely floppy" is a new state: "completely" ends the resolution only where the clause ends)
    r"|completely(?=\W*$|[.,;!?]|\s+(?:now|for good|since|and|but)\b)|for good|again|by|after|when|and|but)\b)"
    r"|gone now|"
    r"anymore|any more|no longer(?! (?:responding|responsive|breathing|moving|answering|conscious|waking|awake))"
    r"|resolved|used to|turned out|diagnosed|"
    r"last (?:week|month|year|summer|winter|spring|fall|autumn|time)|(?:weeks|months|years|yrs|decades) ago|"
    r"(?:a|one|two|three|four|five|six|\d+) (?:week|month|year|yr)s? ago|as a (?:kid|child|teen|teenager|baby)|"
    r"(?:a )?long (?:time )?ago|ages ago|a while (?:ago|back)|"
    r"in (?:high|middle|grade) school|in college|when i was (?:younger|little|a kid|a child|a teen\w*|pregnant)"
    r"|when (?:i|he|she|they|we) (?:was|were) (?:\d{1,2}|a (?:kid|child|teen\w*|baby|boy|girl|student|toddler)|young"
    r"|younger|little|small)\b"
    r"|last (?:christmas|easter|thanksgiving|new year\w*|birthday|holidays?|season)"
    # a deficit left by a past stroke ("slurring from the 2021 stroke"), a sign seen during one ("when she had her
    # stroke")
    r"|(?:from|since) (?:the|my|his|her|their) (?:(?:19|20)\d\d |last |old |previous |first |earlier |big )?"
    r"(?:stroke|heart attack|tia|brain bleed)\b|when (?:i|he|she|they|we) (?:had|suffered) (?:his|her|their|my|a|the"
    r"|our) (?:\w+ )?(?:stroke|heart attack|tia|bleed|seizure)\b"
    r"|in (?:19|20)\d\d|died (?:of|from)|history of|back to normal|came down(?! (?:over|across|on|with)\b)"
    r"|at (?:age )?\d{2}\b"
    r"|in the (?:19|20)?\d0'?s\b|in the (?:fifties|sixties|seventies|eighties|nineties)\b"
    # a single faint long past ("a coworker fainted once at work")
    r"|(?:fainted|passed out|collapsed|blacked out|keeled over) once\b(?! (?:again|more|today|tonight|already|this"
    r"|just|in the)\b)"
    # "my sister had anaphylaxis to penicillin once": a single past event
    r"|\bhad (?:\w+ ){1,4}?once\b(?!\W+(?:again|more|today|tonight|already|this|just|in the|and now|but now)\b)"
    r"|recovered|settled (?:down|quickly|within|after|in (?:a|a few|\d+|ten|five|twenty))|passed (?:quickly|after)"
    r"|gone since|fine since|(?<!since )\bin (?:january|february|march|april|june|july|august|september|october"
    r"|november|december)\b|cleared me\b"
    r"|(?<!since )last (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend))"
)
# A resolution stated after the symptom in the same sentence ("chest hurt after coughing, its better now"),
# unless the sentence says it is still there or back.
_RESOLVED_AFTER = re.compile(
    r"\b(?:it is|its|it has been|it was|all|i am|i feel|feeling|feel|much|a lot|way|he is"
    r"|she is)\W+(?:\w+\W+)?(?:better"
    r"|fine|ok|okay|gone|good|normal|great|amazing|awesome) now\b|\bthen (?:i was |it was |he was |she was |all )?"
    r"(?:fine|ok|okay|normal|better)\b(?! (?:until|till|but))|\b(?:went|gone) away\b|\b(?:has|have|it|it is|it has)"
    r" (?:stopped|passed|settled)\b"
    # "..., stopped after pressing 5 minutes": over, said without a subject
    # (or as a sentence of its own: "nicked myself shaving. stopped after a few minutes though")
    r"|(?:^|[,;.!]\s*)(?:it |which |that |the bleeding |bleeding )?stopped (?:after|with|once|by itself|on its own)\b"
    # "... but recovered in a couple of minutes": winded and over it
    r"|\brecovered (?:in|within|after) (?:a |about |under |less than )?(?:couple|few|\d+|one|two|five|ten|a minute)"
    # "nearly passed out in the sauna, had some water and was fine after": over, and well since
    r"|\b(?:was|were|felt|been|am) (?:totally |completely |perfectly )?(?:fine|ok|okay|normal|better) (?:after"
    r"|afterwards|after that|after resting|since)\b(?! (?:until|till|but)\b)"
    # recovered, said without a subject ("couldn't breathe by the end but totally fine now", "fine after a few
    # minutes")
    r"|\b(?:but|and|though|then)\W+(?:totally |completely |perfectly |all |feeling )?(?:fine|ok|okay|good|normal"
    r"|better) now\b|(?:^|[,;]\s*|\b(?:but|and|then)\s+)(?:totally |completely )?(?:fine|ok|okay|normal|better)"
    r" (?:after|within|in) (?:a |about |under )?(?:few|couple|\d+|one|two|five|ten|a minute)"
    # checked and himself again within minutes ("was right as rain within minutes", "back to herself in a minute")
    r"|\b(?:was|were|is|seemed|looked) (?:totally |completely |perfectly )?(?:fine|ok|okay|normal|right as rain"
    r"|back to (?:himself|herself|normal)|himself|herself) (?:within|after|in) (?:a |about |under )?(?:few |couple"
    r" |\d+ |one |two |five |ten )?(?:min\w*|seconds?|moments?)\b"
)
# What one was told to watch for, said to be happening now ("told me last year to call 911 if this ever happened
# and it's happening: crushing chest pain"): the past is the advice, not the symptom
_HAPPENING_NOW = re.compile(
    r"\b(?:and|but|now)\W+(?:it|this|that) is (?:happening|here)\b(?! (?:less|more|often|sometimes|every|a lot))"
    r"|\b(?:it|this|that) is happening (?:right )?now\b"
)
# ("back to 80", "back to normal" is the recovery, not a return)
_STILL = re.compile(
    r"\b(?:still|again|worse|worsening|back(?! (?:to|down to) (?:normal|baseline|resting|\d))|returned|came back"
    r"|now (?:i|my|it is back))\b"
)
# The symptom said to be back after it went, now ("... but now it is back", "it has come back worse")
_RECURRED = re.compile(
    r"\b(?:it|they|the pain|pain|that|this)\W+(?:(?:is|are|has|have)\W+)?(?:\w+\W+)?(?:back|come back|came back"
    r"|returned|started (?:up )?again)\b(?=.{0,40}\b(?:now|worse|again|today|tonight|and i|and he|and she)\b)"
    r"|\bnow\W+(?:\w+\W+)?(?:it is|it has|they are|they have|the pain is|the pain has)\W+(?:\w+\W+)?(?:back|come back"
    r"|returned)\b"
)
# "had a stroke" with recovery or history around it is a past event ("had a stroke and now he is in rehab")
_HAD_BEFORE = re.compile(r"\b(?:had|has had|have had|suffered|survived)\W+(?:a|an|his|her|my|their)?\W*(?:\w+\W+)?$")
_HISTORY_CONTEXT = re.compile(
    r"\b(?:rehab\w*|recover\w*|survived|since|ago|years?|months?|in (?:19|20)\d\d|history|afterwards|doing (?:well"
    r"|better|great|fine|ok)|back home|home now|physio\w*|therapy)\b"
)
_CLAUSE_BREAK = re.compile(
    r"[.!?;,\n]+|\b(?:but|though|although|however|except)\b|\b(?:and )?(?:now|today|tonight|again|this time)(?= (?:"
    r"i|he|she|we|they|my|it|there)\b)|\band now\b"
)
_SENTENCE_BREAK = re.compile(r"[.!?\n]+")
_INFO_FRAME = re.compile(
    r"^\W*(?:what|how|why|when|which|who|where|explain|describe|define|tell me about|is there|are there)\b"
    r"|^\W*(?:is|are|can|could|does|do|should|would|will|may|might)\b(?! (?:you|someone|somebody|anyone) (?:help|"
    r"please))"
    r"(?! (?:barely|hardly|not|no longer|never|only|just)\b)|\b(?:signs?|symptoms?|warning signs?|causes?|risks?"
    r"|risk factors?|chances?|survival rate) (?:of|for)\b|\bwhat (?:should|do|can|would) (?:i|you|we|one) do (?:if"
    r"|when)\b|\bwhat to do (?:if|when)\b|\bif (?:someone|somebody|a person|anyone|you)\b|\bhow (?:can|do|could|should"
    r"|would|to) (?:i |you |we |one )?(?:prevent|avoid|reduce|lower|recogni[sz]e|know|tell|spot|identify|support|treat"
    r"|help|perform|use)\b|\bdifference between\b|\bfamily history\b|\bam i at risk\b|\bat risk\b|\bscared of\b"
    r"|\bafraid of\b|\bworried about\b"
    # a habit with a trigger is a question about a pattern, not an event now ("tight when I'm anxious")
    r"|\bwhenever\b|\bevery time\b(?! (?:my|his|her) heart beats)|\beach time\b"
    r"|\bwhen i (?:am|get|feel) (?:anxious|stressed|nervous|worried|upset"
    r"|panicky|cold)\b"
    r"|\b(?:log|track|record|report|note|watch for|look out for|monitor|mention) any\b"
    # a sign one was told to watch for ("the doctor said to look out for slurred speech as a side effect")
    r"|\b(?:told|said|asked|advised|warned)\W+(?:me\W+|us\W+|him\W+|her\W+|them\W+)?(?:to\W+)?(?:watch|look out"
    r"|keep an eye out|be on the lookout) for\b|\b(?:watch|look out) for\b(?:\W+[\w']+){1,5}?\W+as an? (?:\w+ )?side"
    r" effect\b"
    r"|\bwhat (?:does|do|did) .{0,40}\b(?:mean|feel like|look like)\b|\b(?:users?"
    r"|people|patients?|others) (?:have been |are |were )?(?:asking|asked|ask) (?:about|you about)\b"
)
_PRESENT = re.compile(
    r"(?<!of )(?<!someone )(?<!somebody )(?<!person )(?<!if i am )(?<!if you are )(?<!whether i am )(?<!someone is )(?<"
    r"!somebody is )(?<!person is )(?<!anyone is )(?<!people are )\bhaving\b|\bi think\b|\bright now\b|\bjust now\b"
    r"|\bcurrently\b|\bat the moment\b|\bis this\b|\bhappening\b"
    # an ongoing state inside a question ("chest pain that won't go away ... still there as I type") and someone of
    # one's own named in it ("is it bad if my uncle is sweating ..."), or help refused ("refusing to go to hospital")
    r"|\bas (?:i|we) (?:type|write|speak|am typing)\b"
    r"|\bstill (?:there|going|here|happening|the same|like (?:that|this))\b"
    r"|\b(?:will not|would not|does not|has not|is not) (?:go(?:ne|ing)? away|eas(?:e|ed|ing)|let(?:ting)? up"
    r"|settl(?:e|ed|ing))\b|\bis it (?:bad|serious|dangerous|normal|ok|okay|worrying|an emergency) (?:if|that|when) my"
    r" [\w']+ (?:is|has|keeps|just)\b|\b(?:refus\w*|will not|does not want) (?:to )?(?:go|come) (?:to|in)(?: the)?"
    r" (?:hospital|er|a&e|doctor|ambulance)\b"
    r"|\b(?:\d+|a few|few|a couple of|couple of|ten|five|twenty|thirty|fifteen|an|half an) (?:min\w*|hours?|hrs?) ago\b"
    r"|\bpretty sure\b|\bthis is (?:a|it|an)\b"
    # "is it normal that my arm suddenly went numb?": a question about a sudden change in oneself just now
    r"|\bis it (?:normal|ok|okay|bad|serious|dangerous) (?:that|if|when) my\b(?:\W+[\w']+){0,6}?\W+(?:suddenly"
    r"|all of a sudden|just) (?:went|gone|got|turned|became|stopped|gave (?:out|way))\b"
    r"(?![^.?!]{0,40}\b(?:after|from|because|when|while|whenever)\b)"
    r"|\b(?:\d+|twice|two|three|four|five|several|a few) times (?:in|within) (?:the )?(?:last|past) (?:\w+ )?(?:hours?"
    r"|min\w*)\b|\bi am (?:getting|going|feeling|becoming) (?:very |really |so )?(?:faint|dizzy|light ?headed|woozy"
    r"|clammy|grey|gray)\b"
    r"|(?<!gone )(?<!well )(?<!fine )(?<!better )(?<!ok )(?<!okay )(?<!normal )(?<!every )\bnow\b"
    r"(?! (?:that|on|and then)\b)|^\W*help\b"
    # "help" at the end is a call, unless it is the verb of a question ("breathing exercises help", "would it help")
    r"|(?<!exercises )(?<!tips )(?<!things )(?<!foods )(?<!would it )(?<!will it )(?<!does it )(?<!can it )(?<!that )"
    r"\bhelp\W*$|\bplease help\b|\bsomeone help\b|\bhelp (?:me|us|him|her)\W*$"
    # an urgent ask around a statement ("what do I do, I can't breathe") is not an informational question
    # a request to call for help phrased as a question ("can you call 911 for me")
    r"|\b(?:can|could|would|will) (?:you|someone|somebody|anyone) (?:please )?(?:call|ring|phone|get|send)\b"
    r"(?= (?:911|999|112|an ambulance|the ambulance|paramedics|emergency|help|for help|(?:for )?me|someone"
    r"|somebody|anyone)\b)|\bwhat is the (?:ambulance|emergency) number\b"
    r"|\bwhat (?:do|should|can|shall) (?:i|we) do\b(?! (?:if|when|about|to)\b)|\bhow (?:do|can|should) (?:i"
    r"|we) help (?:him|her|them|my)\b|(?<!when )(?<!if )\bshould (?:i|we) (?:call|go to|get)"
    r" (?:911|an ambulance|the er|the hospital"
    r"|emergency)\b"
)
_TOKEN = re.compile(r"[\w']+")

_KEYWORDS = (
    "chest",
    "pain",
    "pains",
    "pressure",
    "tightness",
    "heart",
    "attack",
    "breathe",
    "breath",
    "breathing",
    "stroke",
    "slurred",
    "speech",
    "drooping",
    "droopy",
    "fainted",
    "faint",
    "fainting",
    "collapsed",
    "passed",
    "seizure",
    "suicidal",
    "suicide",
    "unconscious",
    "unresponsive",
    "bleeding",
    "choking",
    "gasping",
    "struggling",
    "headache",
    "vision",
    "blurry",
    "blurred",
    "confused",
    "confusion",
    "numbness",
    "weakness",
    "overdose",
    "myself",
    "crushing",
    "squeezing",
    "breastbone",
    "suffocating",
    "anaphylaxis",
    "convulsions",
    "swelling",
    "tingling",
    "radiating",
    "nauseous",
    "dizzy",
    "sweating",
    "blacking",
    "speak",
    "talk",
    "wheezing",
    "inhaler",
    "emergency",
    "dying",
    "killing",
    "swallow",
    "throat",
    # the words of hopelessness and of a person down, typed in a hurry ("no reuson to live", "life isnt wotrh
    # living", "nibody would notice", "not reponsive", "cut my writs")
    "reason",
    "worth",
    "nobody",
    "around",
    "anymore",
    "living",
    "alive",
    "responsive",
    "unconscious",
    "wrists",
    "everyone",
    "someone",
    "without",
    "future",
    "tonight",
    "tablets",
    "goodbye",
    "wanted",
)
# Real words one edit away from a keyword that must not be "corrected" into it.
_PROTECTED = (
    "brush",  # teeth: not "crush"
    "brushed",
    "main",
    "gain",
    "rain",
    "paint",
    "pair",
    "paid",
    "pail",
    "spain",
    "again",
    "hear",
    "heat",
    "hears",
    "attach",
    "strike",
    "stoke",
    "strode",
    "chess",
    "best",
    "breed",
    "bread",
    "pasted",
    "posted",
    "passes",
    "fain",
    "saint",
    "feint",
    "talks",
    "walk",
    "tall",
    "tale",
    "dying",
    "dining",
    "kills",
    "spear",
    "speed",
    "spread",
    "swallow",
    "throats",
    "dizzy",
    "mystery",
    "confusing",
    "numbers",
    "bleeping",
    "passer",
    "tight",
    "light",
    "might",
    "night",
    "right",
    "sight",
    "fight",
    "eight",
    "weight",
    "stoked",
    "task",
    "steak",
    "sneak",
    "heard",
    "hearty",
    "breadth",
    "crest",
    "plain",
    "painted",
    "parsed",
    "strobe",
    "cooking",
    "grasping",
    "breeding",
    "brushing",
    "crashing",
    "spelling",
    "smelling",
    "selling",
    "dyeing",
    "billing",
    "filling",
    "willing",
    "swearing",
    "seating",
    "backing",
    "lacking",
    "slacking",
    "threat",
    "shallow",
    "tack",
    "talc",
    "dropping",
    "painting",
    "paints",
    "vain",
    "gains",
    "rains",
    "mains",
    "fainter",
    "massed",
    "gassed",
    "pleading",
    "blending",
    "walked",
    "talked",
    "tasks",
    # Common English words (pyspellchecker frequency >= 500) one edit from a keyword and not an inflection
    # of it: "doing" must not become "dying", nor "lying" / "drying" / "tying".
    "ain",
    "blocking",
    "blurted",
    "breach",
    "breaching",
    "cain",
    "clacking",
    "contusion",
    "ding",
    "doing",
    "drooling",
    "drying",
    "dwelling",
    "fizzy",
    "flint",
    "flurry",
    "gaping",
    "gassing",
    "jingling",
    "lain",
    "lightness",
    "lying",
    "milling",
    "mingling",
    "overdone",
    "pans",
    "paused",
    "pawn",
    "pawns",
    "peak",
    "pin",
    "pins",
    "pissed",
    "plains",
    "rushing",
    "sainted",
    "shelling",
    "speck",
    "spurred",
    "stalk",
    "taint",
    "tainted",
    "tank",
    "tinkling",
    "tying",
    "vying",
    "wallow",
    "welling",
    "wheeling",
    "wreath",
    # common words one edit from the hopelessness keywords above
    "season",
    "treason",
    "north",
    "forth",
    "worthy",
    "wroth",
    "ground",
    "round",
    "aground",
    "giving",
    "loving",
    "diving",
    "liking",
    "lining",
    "liming",
    "live",
    "olive",
    "alike",
    "alice",
    "tablet",
    "wasted",
    "waited",
    "panted",
    "ranted",
    "wanter",
    "slurry",  # speech "slurry" (slurred), not "blurry"
)


def _vocab() -> FuzzyVocabulary:
    global _VOCAB
    if _VOCAB is None:
        _VOCAB = FuzzyVocabulary(_KEYWORDS, _PROTECTED)
    return _VOCAB


_VOCAB: FuzzyVocabulary | None = None


# Clinical shorthand and jargon (nurses, caregivers, discharge letters) written out in the words the rules use.
# Upper-case abbreviations only as capitals ("SOB" is short of breath, "sob" is crying; "MI" is not Spanish "mi").
_SHORTHAND_CASED = {
    "SOB": "short of breath",
    "CP": "chest pain",
    "MI": "heart attack",
    "AMI": "heart attack",
    "STEMI": "heart attack",
    "NSTEMI": "heart attack",
    "ACS": "heart attack",
    "LOC": "loss of consciousness",
}
_SHORTHAND_CASED_RE = re.compile(r"\b(" + "|".join(_SHORTHAND_CASED) + r")s?\b")
_SHORTHAND = (
    (re.compile(r"\bc/o\b"), "complaining of"),
    # voice-to-text homophones of the rules' words ("my chess hurts", "heart a tack")
    (
        re.compile(
            r"\bchess(?=\W+(?:\w+\W+)?(?:hurt\w*|pain\w*|tight\w*|pressure|heav\w*|ache\w*|aching|burn\w*|is killing"
            r"|feels))"
        ),
        "chest",
    ),
    (re.compile(r"\bheart (?:a )?t?tack\b|\bhard attack\b|\bheart attach\b|\bheartattack\b"), "heart attack"),
    # letters swapped in a hurry ("cnat breath", "cna't breathe"): one transposition is two edits for the typo pass
    (re.compile(r"\b(?:cnat|cna't|cnt)\b"), "cannot"),
    # a call for help or a side typed in a hurry ("hlp chest", "arm on the rite side")
    (re.compile(r"\b(?:hlp|halp|hlep|hepl)\b"), "help"),
    (re.compile(r"\brite(?= (?:side|arm|leg|hand|foot|eye))"), "right"),
    (re.compile(r"\b(?:cannot|can not) breed\b"), "cannot breathe"),
    # rounds 26-27: the heart in plain speech ("ticker's racing"), a rate said as what the heart is "doing"
    (re.compile(r"\bticker(?! tape| symbol)\b"), "heart"),
    (re.compile(r"\b(heart rate|pulse|heart|hr)'s\b"), r"\1 is"),
    (
        re.compile(
            r"\b(?:heart|pulse) (?:is )?(?:doing|going at|running at|hitting|at) (\d{2,3})\b(?! (?:steps|percent|%))"
        ),
        r"heart rate is \1",
    ),
    (re.compile(r"\bhard(?= (?:is |keeps |been |was )?(?:racing|pounding|beating|fluttering|rate|beat)\b)"), "heart"),
    (re.compile(r"(?<=\bhaving )(?:a )?stoke\b|\bstoke(?= (?:symptoms|signs))"), "a stroke"),
    # slang and masked spellings of suicide ("sewerslide", "su1cide", "s*icide"): read as the word itself, so the
    # suicide rule's own exclusions (prevention, statistics, fiction) apply to them too
    (re.compile(r"\bsewer ?slid(?=e|ing)|\bs(?!uicid)[u*][i1!*]c[i1!*]d(?=e|al|ing)|\bsooicid(?=e|al)"), "suicid"),
    (re.compile(r"\bn?stemi\b|\bmyocardial infarct\w*|\bacute coronary syndrome\b"), "heart attack"),
    (re.compile(r"\bdiaphore\w+"), "sweating"),
    (re.compile(r"\b(?:sub|retro)sternal\b|\bprecordial\b"), "chest"),
    (re.compile(r"\bdyspn(?:o)?e(?:a|ic)\b"), "short of breath"),
    (re.compile(r"\b(?:pre|near)[- ]?syncop\w*(?: episodes?)?"), "feeling like i might faint"),
    (re.compile(r"\b(?:syncope|syncopal)(?: episodes?| event)?"), "fainting episode"),
    (re.compile(r"\bcyano(?:tic|sed|sis)\b"), "turning blue"),
    (re.compile(r"\bha?emoptysis\b"), "coughing up blood"),
    (re.compile(r"\bha?ematemesis\b"), "vomiting blood"),
    (re.compile(r"\bhemi(?:paresis|plegia|plegic)\b"), "weakness on one side"),
    (re.compile(r"\b(?:dysarthri\w*|aphasi\w*|dysphasi\w*)"), "slurred speech"),
    (
        re.compile(r"\b(?:unstable|crescendo|rest) angina\b|\bangina (?:at rest|while resting|when resting)\b"),
        "chest pain at rest",
    ),
)


# one pass to see whether any of the jargon is there at all (most messages have none)
_SHORTHAND_ANY = re.compile("|".join(f"(?:{rx.pattern})" for rx, _ in _SHORTHAND))


_SOB_CP = re.compile(r"\b(?:sob\b.{0,30}\bcp|cp\b.{0,30}\bsob)\b", re.IGNORECASE)


# rounds 26-27: an emoji standing for a word ("can't 🫁", "💊💊💊 all of them tonight")
_EMOJI_WORDS = str.maketrans(
    {
        "\U0001fac1": " breathe ",
        "\U0001f48a": " pills ",
        "\U0001f494": " heart ",
        "\U0001faa6": " grave ",
        "\U0001f52b": " gun ",
        "\U0001fa78": " blood ",
    }
)
_EMOJI_WORD_RE = re.compile("[\U0001fac1\U0001f48a\U0001f494\U0001faa6\U0001f52b\U0001fa78]")


def _shorthand(text: str) -> str:
    if _EMOJI_WORD_RE.search(text):
        text = text.translate(_EMOJI_WORDS)
    if _SOB_CP.search(text):
        text = re.sub(r"\b(sob|cp)\b", lambda m: m.group(1).upper(), text, flags=re.IGNORECASE)
    text = _SHORTHAND_CASED_RE.sub(lambda m: _SHORTHAND_CASED[m.group(1)], text)
    norm = basic_normalise(text)
    if _SHORTHAND_ANY.search(norm):
        for rx, words in _SHORTHAND:
            norm = rx.sub(words, norm)
    return norm


def normalise_for_emergency(text: str) -> str:
    """Lower-cased, contractions expanded, clinical shorthand written out ("SOB", "diaphoretic"), typos within one
    edit of a keyword corrected, numbers said in words written in digits ("two hundred and five over one twenty"
    -> "205 over 120")."""
    norm = _BETTER_OF.sub("better off", _vocab().correct_text(_shorthand(text[:MAX_SCAN_CHARS])))
    return _spelled_numbers(norm) if _NUMBER_WORD.search(norm) else norm


_UNITS = {w: i for i, w in enumerate(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine"), 1)}
_TEENS = {
    w: i
    for i, w in enumerate(
        ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"),
        10,
    )
}
_TENS = {
    w: i * 10 for i, w in enumerate(("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"), 2)
}
_U = "|".join(_UNITS)
_TE = "|".join(_TEENS)
_T = "|".join(_TENS)
_NUMBER_WORD = re.compile(rf"\b(?:{_T}|hundred|(?:one|two) (?:{_TE}))\b")
# "two hundred and five", "one hundred ten"; "one twenty", "one forty five" (how readings are said); "ninety"
_HUNDREDS = re.compile(rf"\b({_U}) hundred(?: and)?(?: ({_T})(?:[ -]({_U}))?| ({_TE})| ({_U}))?\b")
_SAID_READING = re.compile(rf"\b(one|two) (?:({_T})(?:[ -]({_U}))?|({_TE}))\b")
_TENS_WORDS = re.compile(rf"\b({_T})(?:[ -]({_U}))?\b")


def _spelled_numbers(text: str) -> str:
    def hundreds(m: re.Match[str]) -> str:
        rest = _TENS.get(m.group(2) or "", 0) + _UNITS.get(m.group(3) or "", 0)
        rest += _TEENS.get(m.group(4) or "", 0) + _UNITS.get(m.group(5) or "", 0)
        return str(_UNITS[m.group(1)] * 100 + rest)

    def said(m: re.Match[str]) -> str:
        rest = _TENS.get(m.group(2) or "", 0) + _UNITS.get(m.group(3) or "", 0) + _TEENS.get(m.group(4) or "", 0)
        return str(_UNITS[m.group(1)] * 100 + rest)

    def tens(m: re.Match[str]) -> str:
        return str(_TENS[m.group(1)] + _UNITS.get(m.group(2) or "", 0))

    return _TENS_WORDS.sub(tens, _SAID_READING.sub(said, _HUNDREDS.sub(hundreds, text)))


_BETTER_OF = re.compile(r"\bbetter of\b(?= (?:without|dead|gone|if|when))")


# Characters before a match in which the negation window's tokens are looked for (bounds the cost).
_NEGATION_LOOKBACK_CHARS = 80


# A negator whose scope runs over a coordinated list of signs ("i do not have chest pain or trouble breathing",
# "no numbness, tingling or slurred speech"): every item of "X or Y" / "X, Y or Z" is denied, not only the first.
# Items are a few words each, joined by commas, "or" or "nor"; a clause word ("but", "now", a new subject) ends it.
_LIST_ITEM = (
    r"(?:(?!(?:but|now|and|then|so|because|since|today|tonight|i|he|she|it|they|we|am|is|are|was|were)\b)"
    r"[\w']+\W+){1,4}"
)
_NEGATED_LIST = re.compile(
    r"\b(?:no|never|without|neither|denies|denied|deny|not (?:\w+ ){0,2}?(?:any|have|having|had|get|getting|got|feel"
    r"|feeling|felt|experienc\w*|notic\w*)|free of)\W+(?:any\W+)?"
    rf"{_LIST_ITEM}(?:(?:,|\bor\b|\bnor\b)\W*{_LIST_ITEM})*?(?:,\s*|\bor\W+|\bnor\W+)(?:any\W+)?$"
)
# A sign said to be absent for a stretch ("chest pain free for 6 months", "angina-free since the stent")
_FREE_AFTER = re.compile(r"\W{0,2}free\b(?! (?:to|of charge)\b)")
# A screening question about a sign answered no in the next breath ("she asked whether i have ever fainted. i have
# not."): the sign is the question's, not an event
_SCREENED = re.compile(r"\b(?:ever|whether|if|asked|asks|asking)\b")
_ANSWERED_NO_AFTER = re.compile(
    r"[^.?!]{0,30}[.?!]+\s*(?:no|nope|never|not once|not ever|(?:i|he|she|they|we|(?:my )?[a-z]+) (?:have|has|had|do"
    r"|does|did|am|is|was) not|(?:i|he|she|they|we|(?:my )?[a-z]+) (?:has |have )?never(?: has| have| did| had)?)"
    r"\s*(?:[.!,]|$)"
    # the answer given in the same breath ("the app asked if i have chest pain, the answer is no")
    r"|[^.?!]{0,30}?\W+(?:and )?(?:the |my |our |his |her )?answer (?:is|was|being) (?:no|none|never|nope)\b"
)
# A sign rated zero on a scale ("my chest pain is a zero today", "pain at 0/10"): none
_CANNOT_WITHOUT = re.compile(
    r"\b(?:cannot|can not|could not|unable to|not able to|can barely|can hardly|can no longer)\W+(?:[\w']+\W+){1,10}?"
    r"without\W+(?:[\w']+\W+){0,3}$"
)
_RATED_ZERO = re.compile(r"\s+(?:is|was|at|=|:|sits at)\s+(?:a |at )?(?:zero|0|nil|none)\b(?!\.\d)")


def _negated(seg: TextSegments, start: int, end: int, *, resolved_applies: bool = True) -> bool:
    """True when the match at ``start:end`` is negated or resolved within its clause.

    Resolved markers do not apply to self-harm: "I don't want to live anymore" is not a past event.
    """
    c_start, c_end = seg.span(_CLAUSE_BREAK, start)
    window = seg.text[max(c_start, start - _NEGATION_LOOKBACK_CHARS) : start]
    before = _TOKEN.findall(window)[-_NEGATION_WINDOW_TOKENS:]
    negators = [i for i, tok in enumerate(before) if tok in _NEGATORS]
    if negators:
        after = before[negators[-1] + 1 :]
        # "will not come down, chest tight", "his hand will not grip and he sounds drunk": a "not" bound to a verb
        # of its own ends there; "do not have / feel / get any chest pain" carries on to the symptom
        bound_to_verb = before[negators[-1]] == "not" and bool(after) and after[0] not in _NEGATION_CARRIERS
        # "cannot get from my bed to the toilet without gasping": an inability before "without" makes the sign
        # what every attempt costs, not an absent sign
        cost_of_act = before[negators[-1]] == "without" and _CANNOT_WITHOUT.search(seg.text, c_start, start) is not None
        if not bound_to_verb and not cost_of_act and not any(tok in _NEGATION_TERMINATORS for tok in after):
            return True
    s_start, s_end = seg.span(_SENTENCE_BREAK, start)
    if _NEGATED_LIST.search(seg.text[max(s_start, start - _NEGATION_LOOKBACK_CHARS) : start]):
        return True
    if _FREE_AFTER.match(seg.text, end):
        return True
    if seg.has(_SCREENED, s_start, start) and _ANSWERED_NO_AFTER.match(seg.text, end):
        return True
    if _RATED_ZERO.match(seg.text, end):
        return True
    if seg.has(_DENIES, s_start, start):  # "denies chest pain, sob, syncope": the denial covers its list
        return True
    if seg.has(_POST_NEGATION, s_start, s_end):  # "log any chest pain, I have none to report"
        return True
    if _ANSWERED_NO.match(seg.text, end):
        return True
    if resolved_applies and seg.has(_RESOLVED_AFTER, end, s_end) and not seg.has(_STILL, start, s_end):
        return True
    # "had chest pain this morning that went away, but now it's back, way worse": a recurrence now is not resolved
    return (
        resolved_applies
        and seg.has(_RESOLVED, c_start, c_end)
        and not seg.has(_RECURRED, end, s_end)
        and not seg.has(_HAPPENING_NOW, c_start, c_end)
    )


# "how do i know if my friend is having a stroke": "having" in an if-clause is hypothetical, not present
_HYPOTHETICAL_HAVING = re.compile(
    r"\b(?:if|whether|in case)\s+(?:[\w']+\s+){0,3}?(?:is|are|am|was|were)\s+having\b"
    # "if someone's having a stroke" (the contraction kept)
    r"|\b(?:if|whether|in case)\s+(?:someone|somebody|anyone|a person|a friend|a stranger|they)'s\s+having\b"
)
# ... except asking what to do NOW for someone named as one's own ("what should i do if my dad is having chest
# pain"): that may well be happening as they type, and the emergency reply is the right answer either way.
_ACTION_FOR_SOMEONE_NOW = re.compile(
    r"\bwhat\s+(?:should|do|can|must)\s+(?:i|we)\s+do\s+(?:if|when|while)\s+my\s+[\w']+\s+(?:is|are)\s+having\b"
)


# a conditional about anybody: "what should I do" in it asks for first aid in general, not for help now
_GENERIC_IF = re.compile(r"\bif (?:someone|somebody|a person|anyone|people|a friend|a stranger)\b")
_WHAT_DO_I_DO = re.compile(r"\bwhat (?:do|should|can|shall) (?:i|we) do\b")


# A general-looking question followed by the writer saying it is theirs and happening ("does it feel like this? it's
# been going on for 20 min", "you know when ...? that's me now", "... how bad is that? mine is doing it now")
_ASKED_ABOUT_NOW = re.compile(
    r"\?.*\b(?:(?:has been|been) going on (?:for )?(?:about |over |nearly |almost )?(?:\d+|a few|ten|twenty|fifteen"
    r"|thirty|half an) ?(?:min\w*|hours?|hrs?)|that is (?:me|us|him|her|what is happening)\b(?:\W+\w+){0,2}?\W+now"
    r"|that is (?:exactly )?what (?:i|he|she|we|they|my [\w']+) (?:have|has|have got|has got|am having|is having"
    r"|am feeling|is feeling|feel|feels)"
    r"|(?:mine|his|hers|it) (?:is|has been) doing (?:exactly )?(?:that|this|it)|happening (?:right )?now|i am with"
    r" (?:him|her|them)|i am (?:so |really |all )?(?:sweaty|sweating|clammy|nause\w*|grey|gray|pale|dizzy"
    r"|breathless|short of breath)|it is (?:exactly )?(?:this|that|happening) right now"
    r"|(?:hitting|happening to|going on with) me (?:this (?:minute|second|moment)|right now|now)"
    # "... is it normal? happened 10 mins ago, still like that"
    r"|still (?:like (?:that|this)|the same|there|going on|happening|numb|droop\w*|crooked|weak))\b"
    r"|\b(?:\d+|thirty|twenty|forty|fifteen) (?:min\w*|hours?) later\?.*\bi am (?:\w+ )?(?:sweat\w*|nause\w*|clammy"
    r"|dizzy|grey|pale)\b"
)


def _informational(seg: TextSegments, pos: int) -> tuple[bool, bool]:
    """(sentence is an informational frame, sentence has a present-tense marker) for ``pos``."""
    s_start, s_end = seg.span(_SENTENCE_BREAK, pos)
    info, present = seg.has(_INFO_FRAME, s_start, s_end), seg.has(_PRESENT, s_start, s_end)
    if info and present:
        sentence = seg.text[s_start:s_end]
        if _GENERIC_IF.search(sentence):  # "if someone collapses what should I do before the ambulance comes"
            present = _PRESENT.search(_WHAT_DO_I_DO.sub(" ", sentence)) is not None
        if _HYPOTHETICAL_HAVING.search(sentence) and not _ACTION_FOR_SOMEONE_NOW.search(sentence):
            present = _PRESENT.search(_HYPOTHETICAL_HAVING.sub("if", sentence)) is not None
    return info, present


def _crisis_numbers(text: str) -> list[str]:
    found: list[str] = []
    for m in _BP_PAIR.finditer(text):
        sys_, dia = int(m.group(1)), int(m.group(2))
        plausible = (
            _BP_SYSTOLIC_RANGE[0] <= sys_ <= _BP_SYSTOLIC_RANGE[1]
            and _BP_DIASTOLIC_RANGE[0] <= dia <= _BP_DIASTOLIC_RANGE[1]
            and sys_ > dia
        )
        if plausible and (sys_ > CRISIS_SYSTOLIC_MMHG or dia > CRISIS_DIASTOLIC_MMHG):
            found.append(f"{sys_}/{dia}")
    for m in _BP_SINGLE.finditer(text):
        value = int(m.group(2))
        systolic = m.group(1) not in ("diastolic", "bottom number", "dia", "dbp", "lower number")
        if (systolic and value > CRISIS_SYSTOLIC_MMHG) or (not systolic and value > CRISIS_DIASTOLIC_MMHG):
            found.append(f"{m.group(1)}={value}")
    return found


def _bp_pairs(text: str) -> list[tuple[int, int]]:
    pairs = [(int(m.group(1)), int(m.group(2))) for m in _BP_PAIR.finditer(text)]
    return [
        (s, d)
        for s, d in pairs
        if _BP_SYSTOLIC_RANGE[0] <= s <= _BP_SYSTOLIC_RANGE[1]
        and _BP_DIASTOLIC_RANGE[0] <= d <= _BP_DIASTOLIC_RANGE[1]
        and s > d
    ]


def _extreme_heart_rates(text: str) -> list[str]:
    found: list[str] = []
    for m in _HR_VALUE.finditer(text):
        value = int(next(g for g in m.groups() if g))
        if value >= SYMPTOMATIC_TACHYCARDIA_BPM or 20 <= value < SYMPTOMATIC_BRADYCARDIA_BPM:
            found.append(f"hr:{value}")
    return found


# BTS oxygen guideline: a saturation under 88 % is below the target range even of people with COPD (88-92 %).
LOW_SPO2_PERCENT = 88
_SPO2_VALUE = re.compile(
    r"\b(?:pulse ?ox\w*|oximeter|o2(?: sats?| saturation| levels?)?|spo2|sats|oxygen(?: sats?| saturation| levels?)?"
    r"|saturation)\W+(?:(?:is|was|keeps|kept|dropping|dropped|falling|fell|going|gone|down|to|at|of|reading|reads"
    r"|says|said|showing|shows|only|just|around|about|like|below|under|on)\W+)*(\d{2})\b(?!\W*(?:bpm|/))"
)
# a wrist device at night reads low when the hand is pressed on: that is a question for the assistant
_SPO2_NOISY = re.compile(
    r"\b(?:watch|ring|fitbit|tracker|asleep|sleeping|overnight|at night|while i slept|(?:nail|gel) polish|false nails?"
    r"|acrylics?|re-?took|re-?tested|re-?measured|re-?checked|cold (?:hands|fingers)|(?:then|now|second time)"
    r" (?:got|read|reads|showed|shows|says) 9\d)\b"
)


def _low_oxygen(seg: TextSegments) -> list[str]:
    if _SPO2_NOISY.search(seg.text):
        return []
    return [
        f"spo2:{m.group(1)}"
        for m in _SPO2_VALUE.finditer(seg.text)
        if 50 <= int(m.group(1)) < LOW_SPO2_PERCENT and not _negated(seg, m.start(), m.end())
    ]


# A glucose meter shows "LO" below its range (under about 20 mg/dL).
_GLUCOSE_LO = re.compile(
    r"\b(?:blood sugar|blood glucose|glucose|sugar|sugars|bg|bgl|cgm|libre|dexcom|meter|glucometer)\W+(?:(?:is|was"
    r"|reading|reads|says|said|showing|shows|just|only|on|meter)\W+)*['\"]?lo\b(?!\W*(?:bat\w*|power|signal))"
)


def _low_glucose(text: str) -> list[str]:
    found: list[str] = ["glucose:LO"] if _GLUCOSE_LO.search(text) else []
    for m in _GLUCOSE_VALUE.finditer(text):
        value = float(m.group(1))
        mmol = "." in m.group(1) or value < 15
        if (mmol and value < HYPOGLYCAEMIA_MMOL) or (not mmol and value < HYPOGLYCAEMIA_MG_DL):
            found.append(f"glucose:{m.group(1)}")
    return found


def _self_harm_in_past(seg: TextSegments, pos: int) -> bool:
    c_start, c_end = seg.span(_CLAUSE_BREAK, pos)
    return seg.has(_SELF_HARM_PAST, c_start, c_end) and not seg.has(_SELF_HARM_CURRENT, c_start, c_end)


def _plainly_english(text: str) -> bool:
    """Latin script only, with enough English function words: the other languages' lexicons are skipped.

    They would otherwise re-read English words they share ("suicide", "overdose") without the English
    negation and tense handling ("I'm not suicidal").
    """
    if any(ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN") for ch in text):
        return False
    return english_share(text) >= ENGLISH_FUNCTION_WORD_SHARE


def detect_emergency(text: str) -> EmergencyVerdict:
    """Classifies ``text`` as an emergency happening now (category + matched signals) or not, in any language."""
    norm = normalise_for_emergency(text)
    if not norm:
        return EmergencyVerdict(False)
    verdict = _english_verdict(norm)
    if verdict is not None:
        return verdict
    # a second look with every unknown word within one edit of a word the rules are written in corrected
    # ("i dont wunt to be here anymore", "clal an ambulance"); the first pass keeps its own exact reading
    corrected = _typo_vocab().correct_text(norm)
    if corrected != norm:
        verdict = _english_verdict(corrected)
        if verdict is not None:
            return EmergencyVerdict(True, verdict.category, (*verdict.signals, "typo_corrected"))
    if _plainly_english(text[:MAX_SCAN_CHARS]):
        return EmergencyVerdict(False)
    foreign = emergency_i18n.detect(text[:MAX_SCAN_CHARS])
    if not foreign:
        return EmergencyVerdict(False)
    physical_i18n = [h for h in foreign if h.category != SELF_HARM]
    category = (physical_i18n or foreign)[0].category
    signals = tuple(dict.fromkeys(f"{h.category}:{h.signal}:{h.language}" for h in foreign))
    return EmergencyVerdict(True, category, signals, emergency_i18n.language_of(foreign, text))


# Words the English rules are written in (4+ letters, taken from the patterns) plus a few short verbs of a
# call for help: the vocabulary of the typo pass. Words seen in the labelled messages the models are trained
# on (model/emergency_train.jsonl, beside this module) are real words and are never corrected.
_TYPO_EXTRA_WORDS = (
    *("want", "wake", "call", "help", "kill", "ready", "life", "here", "going", "ending", "cannot"),
    "sentence",  # "cannot finish a sentance"
)
_TYPO_NOT_TARGETS = frozenset(
    (
        "aunt",  # a relative, not a typo target ("wunt" is "want")
        "having",
        "being",
        "into",
        "onto",
        "from",
        "with",
        "your",
        "their",
        "there",
        "these",
        "those",
        "them",
        "then",
        "than",
        "this",
        "that",
        "what",
        "when",
        "where",
        "which",
        "while",
        "will",
        "would",
        "could",
        "should",
        "have",
        "been",
        "were",
        "does",
        "done",
        "just",
        "like",
        "some",
        "very",
        "much",
        "more",
        "most",
        "over",
        "under",
        "after",
        "before",
        "about",
        "again",
        "also",
        "only",
        "even",
        "still",
        "such",
        "each",
        "both",
        "same",
        "other",
        "another",
        "every",
        "make",
        "made",
        "take",
        "took",
        "taking",
        "give",
        "gave",
        "keep",
        "kept",
        "seem",
        "seems",
        "away",
        "back",
        "down",
        "said",
        "says",
        "tell",
        "told",
        "know",
        "think",
        "feel",
        "felt",
        "look",
        "looks",
    )
)
_PATTERN_WORD = re.compile(r"(?<![a-z])([a-z]{4,})(?![a-z])")
_TYPO_VOCAB: FuzzyVocabulary | None = None


def _typo_vocab() -> FuzzyVocabulary:
    global _TYPO_VOCAB
    if _TYPO_VOCAB is None:
        words = {m.group(1) for pat in _PATTERNS for m in _PATTERN_WORD.finditer(pat.regex.pattern)}
        # grammar words are no target: "info" is not a typo of "into", nor "shaving" of "having"
        words -= ENGLISH_FUNCTION_WORDS | _TYPO_NOT_TARGETS
        words.update(_KEYWORDS)
        words.update(_TYPO_EXTRA_WORDS)
        # nor are the words that make a symptom harmless (exclusions, past, questions, exertion): "shaving" must
        # stay "shaving", not become "saving"
        harmless = [p.exclude.pattern for p in _PATTERNS if p.exclude is not None]
        harmless += [
            rx.pattern
            for rx in (
                *(_RESOLVED, _RESOLVED_AFTER, _INFO_FRAME, _SELF_HARM_PAST, _HEDGED, _HISTORY_CONTEXT),
                *(_EPISODE_OVER, _STORY_FRAME, _GRIEF),
            )
        ]
        harmless += [_WORKOUT, _DEVICE, _FICTION, _NOT_REAL_FRAME.pattern, _CHEST_BENIGN]
        keep = {m.group(1) for rx in harmless for m in _PATTERN_WORD.finditer(rx)}
        _TYPO_VOCAB = FuzzyVocabulary(words - keep, (*_PROTECTED, *keep, *learned.known_words()))
        emergency_i18n.typo_vocab()  # built now too (the service warms the guards up with an English message)
    return _TYPO_VOCAB


# A body symptom already seen by a clinician and found normal, the person well now ("the nurse assessed her, ECG
# and obs were normal, she is chatting now"): a question about it, not an event, unless said to be back or worse.
_ASSESSED_NORMAL = re.compile(
    r"(?:\b(?:nurse|doctor|gp|paramedics?|team|cardiologist|physician|medic|er|a and e|ambulance crew|they)\W+"
    r"(?:\w+\W+)"
    r"{0,2}?(?:assessed|checked|examined|saw|reviewed|looked at)\b"
    # the symptom itself had looked at by a service ("had the chest pain checked out in a&e yesterday")
    r"|\b(?:had|got|have had|went and had)\W+(?:\w+\W+){0,4}?(?:checked|seen to|looked at|examined|assessed)(?: out)?"
    r"\W+(?:\w+\W+){0,2}?(?:in|at|by)\W+(?:the\W+)?(?:a ?& ?e|a and e|er|hospital|emergency|urgent care|walk in|gp"
    r"|doctor'?s?|surgery|clinic|cardiologist)\b"
    # ... or went there ("went to a&e, ecg and troponins were normal")
    # the symptom itself checked there ("my chest pain was checked in hospital")
    r"|\b(?:was|were|been|got|it was) (?:fully |properly )?(?:checked|seen|examined|assessed|looked at)(?: out)?"
    r" (?:in|at|by) (?:the )?(?:a ?& ?e|a and e|er|hospital|emergency|urgent care|walk in|gp|doctor|clinic)\b"
    r"|\b(?:went|been|got taken|was taken) (?:in)?to (?:the )?(?:a ?& ?e|a and e|er|hospital|emergency|urgent care"
    r"|walk in|gp|doctor'?s?|surgery|clinic)\b)"
    r"(?=.*\b(?:(?:ecg|ekg|obs|observations|vitals|bloods|blood tests?|tests?|troponins?|scans?|x ?rays?|everything"
    r"|heart)\W+"
    r"(?:\w+\W+){0,2}?(?:(?:were|was|are|is|came back|all)\W+(?:\w+\W+)?)?(?:normal|fine|clear|ok|okay|unremarkable"
    r"|reassuring)\b|(?:said|told (?:me|him|her|us)|says) (?:it (?:was|is) )?(?:just |only |probably )?(?:a |an )?"
    r"(?:pulled muscle|muscle strain|strained muscle|muscular|reflux|indigestion|heartburn|anxiety|panic attack"
    r"|costochondritis|nothing serious|nothing to worry about|a virus)\b"
    r"|(?:it was|it is|turned out to be) (?:just|only) (?:anxiety|a panic attack|panic|reflux|indigestion|a muscle)\b"
    # sent home after the work-up
    r"|(?:sent|send|sending) (?:me|him|her|us|them) home|discharged (?:me|him|her)?))"
)
# ACOG: in pregnancy and after birth a systolic of 160+ or a diastolic of 110+ is the severe range (pre-eclampsia,
# postpartum pre-eclampsia); with a headache or visual symptoms it is an emergency below the general crisis numbers.
SEVERE_PREGNANCY_SYSTOLIC_MMHG = 160
SEVERE_PREGNANCY_DIASTOLIC_MMHG = 110
_PREGNANT_OR_POSTPARTUM = re.compile(
    r"\b(?:pregnan\w*|weeks (?:along|gone)|postpartum|post partum|gave birth|(?:had|delivered) (?:a|my|the|our) baby"
    r"|(?:c|caesarean|cesarean) section|since (?:the |my )?(?:birth|delivery))\b"
)
_NOT_ALL_CLEAR = re.compile(
    # "still shaken by it" is about the fright, not the symptom
    r"\b(?:still(?! (?:\w+ )?(?:shaken|shook|worried|nervous|anxious|scared|wondering|thinking|curious|confused))"
    r"|again|worse|worsening|came back|returned|now (?:she|he|they|i) (?:is|are|am) (?:not|grey|pale|sweat\w*"
    r"|collaps\w*|unresponsive))\b"
)


def _not_real(norm: str) -> bool:
    """An exam question, a scene being written or a future what-if, not said to be real or about oneself."""
    return (
        _NOT_REAL_FRAME.search(norm) is not None
        and _REAL_NOW.search(norm) is None
        and re.search(_PERSONAL, norm) is None
    )


def _outside_stories(seg: TextSegments, hits: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """The hits that survive a story frame, an episode already over, or a heart aching with grief."""
    norm = seg.text
    if _STORY_FRAME.search(norm):
        kept = []
        for hit in hits:
            pos = min(max(hit[0], 0), max(len(norm) - 1, 0))
            if hit[1] == SELF_HARM:
                c_start, c_end = seg.span(_CLAUSE_BREAK, pos)
                if seg.has(_FIRST_PERSON, c_start, c_end):
                    kept.append(hit)
            else:
                s_start, s_end = seg.span(_SENTENCE_BREAK, pos)
                if seg.has(_STORY_NOW, s_start, s_end):
                    kept.append(hit)
        hits = kept
    if _EPISODE_OVER.search(norm) and not _NOT_ALL_CLEAR.search(norm) and not _STORY_NOW.search(norm):
        hits = [h for h in hits if h[1] == SELF_HARM]
    if hits and _GRIEF.search(norm) and all(h[2] == "heart_pain" for h in hits):
        hits = []
    if hits and all(h[1] == SELF_HARM for h in hits) and _HYPERBOLE.search(norm) and _LAUGHED_OFF.search(norm):
        hits = []
    return hits


# Signs explained by a local anaesthetic ("lip still numb from the dentist and talking funny"): stroke words with
# nothing beyond the mouth and face
_NUMBED = re.compile(r"\b(?:dentist\w*|dental|novocaine|lidocaine|ana?esthe\w*|numbing|fillings?|root canal)\b")
_BEYOND_MOUTH = re.compile(r"\b(?:arm|leg|hand|foot|vision|confus\w*|worse|spread\w*|hours later|next day)\b")
# A sign as the object of checking oneself ("checking my face in the mirror for drooping"): health anxiety
_SELF_CHECK = re.compile(
    r"\b(?:check\w*|look\w*|examin\w*|scan\w*|inspect\w*)\W+(?:\w+\W+){0,6}?for\W+(?:any\W+)?(?:signs? of\W+)?"
    r"(?:droop\w*|slurr\w*|numb\w*|weak\w*|asymmetr\w*)"
)
# A sign named as a leaflet's listed side effect
_SIDE_EFFECT_LISTED = re.compile(
    r"\b(?:lists?|listed|mentions?|names?|includes?|says)\W+(?:\w+\W+){0,3}?as (?:a |an )?(?:possible |rare |common"
    r" |known )?side effects?\b"
)
# A conditional about oneself ("if i pass out some day", "if i feel faint during a workout"), or a listed side
# effect, with the message saying it is not happening: planning, curiosity, nothing now
_NOT_HAPPENING = re.compile(
    r"\b(?:some ?day|one day|in the future|just planning|planning ahead|plan ahead|just curious|just wondering"
    r"|(?:it )?(?:has|have) not happened|never happened|no (?:\w+ )?(?:right )?now|i feel fine|feeling fine"
    r"|(?:just )?in case|making (?:a|an) (?:\w+ )?(?:card|plan|list))\b"
)

# A sign named as what a medicine can cause, or as something to watch for ("my pharmacist said ramipril can rarely
# cause lip swelling"): a warning passed on, unless its sentence says it is happening
_WARNED_OF = re.compile(
    r"\b(?:can|could|may|might)\W+(?:\w+\W+)?(?:cause|lead to|give you|trigger)\b|\b(?:watch|look) (?:out )?for\b"
    r"|\bwarned\b"
)
_WARNING_COME_TRUE = re.compile(
    r"\b(?:now|right now|today|tonight|this (?:morning|afternoon|evening)|start\w*|just|since|happening|i have"
    r"|i am|mine|is|are)\b"
)

# Spans whose sign words are not an event: the sign as text typed into a form or diary that the writer wants to
# undo ("entered 'shortness of breath' by mistake"), the sign as the subject of an awareness advert ("the arm
# weakness bit of the stroke poster"), a sign a drug is warned to cause ("the pharmacist said it may cause tongue
# swelling"), a safety-net instruction and its condition ("the gp said to ring 999 if the pain spreads"), a
# question what a sign means ("does a droopy eyelid mean stroke?") and a sign that comes with tiredness ("her
# speech slurs when she is exhausted").
_NOT_AN_EVENT_SPAN = re.compile(
    r"\b(?:typed|entered|logged|wrote|put|ticked|selected|clicked|added)\W+(?:in\W+)?'[^']{1,40}'"
    r"(?=.*\b(?:test\w*|mistake|by accident|accidentally|delete|remove|undo|edit|wrong)\b)"
    r"|\bthe\W+(?:\w+\W+){0,3}?(?:thing|bit|part|one|sign|letter|step)s?\W+(?:in|on|from|of)\W+(?:the|that|a|an|this)"
    r"\W+(?:\w+\W+)?(?:ads?|adverts?|advertisements?|commercials?|posters?|campaigns?|billboards?)\b"
    r"|\b(?:can|may|might|could)\W+(?:rarely |sometimes |occasionally |very rarely |in rare cases )?(?:cause|give you"
    r"|lead to|bring on|trigger)\W+(?:\w+\W+){0,3}"
    r"|\b(?:said|says|told (?:me|us|him|her|them)|advised|advice is|instructions? (?:is|are|was|were)|plan is)\W+"
    r"(?:\w+\W+){0,2}?(?:to\W+)?(?:call|ring|dial|phone)\W+(?:911|999|112|an ambulance)\W+(?:if|when|should)\b"
    r"(?!.*(?:\b(?:happening|happened)\b|" + _SAFETY_NET_MET + r"))[^,.;!?]*"
    r"|\b(?:said|says|told (?:me|us|him|her|them)|advised|advice is|instructions? (?:is|are|was|were)|plan is)\W+"
    r"(?:that\W+)?(?:if|when)\b(?!.*(?:\b(?:happening|happened)\b|" + _SAFETY_NET_MET + r"))[^.;!?]{0,80}?\b(?:call"
    r"|ring|dial|phone)\W+(?:911|999"
    r"|112|an ambulance)\b"
    r"|\b(?:does|do|can|could|would|is)\W+(?:\w+\W+){0,3}?(?:always |necessarily |usually |automatically )?"
    r"(?:mean|indicate|signal)\b"
    r"|\b[\w']+\W+(?:\w+\W+)?(?:when|whenever)\W+(?:he|she|i|they|you|we)\W*(?:is|are|am|s|gets?|got|feels?)?\W+"
    r"(?:really |very |so |a bit |over)?(?:tired|sleepy|exhausted|drunk|drinking|nervous|worn out)\b"
)
# Someone's hyperbole in quotes, over a trivial upset ("he was 'having a heart attack' over the parking fine")
_QUOTED_HYPERBOLE = re.compile(
    r"'[^']{0,30}\bhav\w* an? (?:\w+ )?(?:stroke|heart attack|cardiac arrest)[^']{0,10}'\W+(?:when|because|cos"
    r"|over|at|about|after)\b(?![^.!?;]{0,60}\b(?:chest|breath\w*|arm|collaps\w*|sweat\w*|pain|grey|gray|pale|face"
    r"|floor|fell|clutch\w*|numb|slurr\w*|droop\w*|unconscious|not waking)\b)"
)
# A sign long-standing and unchanged ("has slept on three pillows for years"): chronic, not decompensating
_LONG_STANDING = re.compile(
    r"\bfor (?:years|months|ages|a long time|as long as)\b|\b(?:has|have) always\b"
    r"|\b(?:has|have) (?:done|slept like) (?:that|this|it) for\b"
)
# A faint at a needle or the sight of blood, a known pattern ("always keel over at injections"): vasovagal
_NEEDLE_FAINT = re.compile(
    r"\b(?:blood (?:tests?|draws?|taken|was taken|samples?)|took (?:my |his |her )?blood|needles?|injections?|jabs?"
    r"|vaccin\w*|sight of blood|giving blood|donat\w* blood|cannula\w*)\b"
)
_PATTERN_OF_OLD = re.compile(r"\b(?:always|every time|whenever|each time|happens? (?:with|when|at)|usually)\b")
# A head rush on standing, a second's grey-out that cleared ("stood up quickly and everything went dark for a
# moment, then it cleared"): orthostatic, unless it stays or is one-sided
_HEAD_RUSH = re.compile(r"\b(?:stood|stand\w*|got|get\w*|sat|jumped) up (?:too |really |very |so )?(?:fast|quick\w*"
                        r"|suddenly)\b")
_BRIEF = re.compile(
    r"\bfor (?:a|one|a few|two|a couple of) (?:split )?(?:seconds?|secs?|moments?)\b|\bcame (?:right )?back\b"
    r"|\bcleared\b|\bwent away\b|\bpassed\b"
)
_STAYS_OR_ONE_SIDED = re.compile(
    r"\b(?:still|worse|one eye|half|side|won't come back|not come back|has not come back|right now|now)\b"
)
# A question asked in advance about a sign that may come during an activity ("if i get chest pain during the walk test,
# should i stop?"): the writer's own condition opens the sentence, which asks what to do, and nothing says it is
# happening (of someone else, "if my dad gets ..." may be typed as it happens, and stays an emergency)
_ADVANCE_QUESTION = re.compile(
    r"^(?:and |so |but )?(?:what if|if|when|in case) (?:i|we) (?:get|have|feel|develop|start|notice|experience|go)\b"
    r"[^.!?]*\b(?:should|do|can|must|shall|would) (?:i|we)\b[^.!]*$"
)
_SAID_HAPPENING = re.compile(
    r"\b(?:now|right now|currently|at the moment|already|started|since|happening|still|again|this (?:morning|evening"
    r"|afternoon)|tonight|today)\b"
)
_HEAD_RUSH_SIGNS = frozenset({"vision_loss", "near_faint", "fainted", "funny_turn"})
_EVENT_NOW = re.compile(r"\b(?:now|right now|still|worse|again|unresponsive|won't wake|not waking|not breathing)\b")


def _benign_frames(seg: TextSegments, hits: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """The hits that survive an anaesthetic's numbness, a self-check, a what-if or leaflet said not happening, a
    span that is no event, quoted hyperbole, a long-standing sign, a faint at needles and a head rush."""
    norm = seg.text
    if _NUMBED.search(norm) and not _BEYOND_MOUTH.search(norm):
        hits = [h for h in hits if h[1] != STROKE]
    spans = [m.span() for m in _NOT_AN_EVENT_SPAN.finditer(norm)]
    spans += [m.span() for m in _QUOTED_HYPERBOLE.finditer(norm)]
    hits = [h for h in hits if h[1] == SELF_HARM or not any(a <= h[0] < b for a, b in spans)]
    if _LONG_STANDING.search(norm) and not _NOT_ALL_CLEAR.search(norm):
        hits = [h for h in hits if h[2] != "orthopnea"]
    if _NEEDLE_FAINT.search(norm) and _PATTERN_OF_OLD.search(norm) and not _EVENT_NOW.search(norm):
        hits = [h for h in hits if h[1] != SYNCOPE]
    if _HEAD_RUSH.search(norm) and _BRIEF.search(norm) and not _STAYS_OR_ONE_SIDED.search(norm):
        hits = [h for h in hits if h[2] not in _HEAD_RUSH_SIGNS]
    if _WARNED_OF.search(norm):
        hits = _drop_where_sentence(seg, hits, _warned_of_only)
    if not _SAID_HAPPENING.search(norm):
        hits = _drop_where_sentence(seg, hits, _advance_question)
    checks = [m.span() for m in _SELF_CHECK.finditer(norm)]
    hits = [h for h in hits if not any(a <= h[0] < b for a, b in checks)]
    if _NOT_HAPPENING.search(norm) and not _NOT_ALL_CLEAR.search(norm) and not _ASKED_ABOUT_NOW.search(norm):
        hits = _drop_where_sentence(seg, hits, _if_or_side_effect_framed)
    return hits


def _drop_where_sentence(
    seg: TextSegments, hits: list[tuple[int, str, str]], not_an_event: Callable[[str, int, int], bool]
) -> list[tuple[int, str, str]]:
    """The hits whose sentence ``not_an_event(text, start, end)`` does not void; self-harm hits always stay."""
    norm = seg.text
    kept = []
    for hit in hits:
        start, end = seg.span(_SENTENCE_BREAK, min(max(hit[0], 0), max(len(norm) - 1, 0)))
        if hit[1] == SELF_HARM or not not_an_event(norm, start, end):
            kept.append(hit)
    return kept


def _warned_of_only(norm: str, start: int, end: int) -> bool:
    """A sign a drug is warned to cause, not said to be happening in that sentence."""
    sentence = norm[start:end]
    return bool(_WARNED_OF.search(sentence)) and not _WARNING_COME_TRUE.search(sentence)


def _advance_question(norm: str, start: int, end: int) -> bool:
    """A question asked in advance about one's own sign ("if i get chest pain during the test, should i stop?")."""
    question = norm[end : end + 1] == "?" or norm[start:end].rstrip().endswith("?")
    return question and bool(_ADVANCE_QUESTION.search(norm[start:end].lstrip(' "\'(')))


def _if_or_side_effect_framed(norm: str, start: int, end: int) -> bool:
    """A sentence opening with "if", or a leaflet's listed side effect."""
    sentence = norm[start:end].lstrip(' "\'(')
    return sentence.startswith("if ") or _SIDE_EFFECT_LISTED.search(sentence) is not None


def _english_verdict(norm: str) -> EmergencyVerdict | None:
    """The English rules' verdict on a normalised text: an emergency verdict, or None when nothing matched."""
    if _not_real(norm):
        return None
    hits: list[tuple[int, str, str]] = []  # (position, category, signal)
    short_message = len(_TOKEN.findall(norm)) <= _SHORT_MESSAGE_TOKENS
    seg = TextSegments(norm)
    alarming = _ALARM.search(norm) is not None
    asked_now = _ASKED_ABOUT_NOW.search(norm) is not None
    for pat in _PATTERNS:
        for m in pat.regex.finditer(norm):
            if _negated(seg, m.start(), m.end(), resolved_applies=pat.category != SELF_HARM and not pat.past_ok):
                continue
            if pat.category == SELF_HARM and _self_harm_in_past(seg, m.start()):
                continue
            if pat.exclude is not None and not (alarming and pat.category == SYNCOPE):
                c_start, c_end = seg.span(_CLAUSE_BREAK, m.start())
                if seg.has(pat.exclude, c_start, c_end):
                    continue
            if pat.requires is not None:
                scope = f"{norm[: m.start()]} {norm[m.end() :]}" if pat.requires_elsewhere else norm
                if not pat.requires.search(scope):
                    continue
            info, present = _informational(seg, m.start())
            present = present or short_message or asked_now
            if pat.weak and not present:
                continue
            if pat.weak and _HAD_BEFORE.search(norm, max(0, m.start() - 30), m.start()):
                s_start, s_end = seg.span(_SENTENCE_BREAK, m.start())
                if seg.has(_HISTORY_CONTEXT, s_start, s_end):
                    continue
            if info and pat.informational_ok and not present:
                continue
            hits.append((m.start(), pat.category, pat.signal))

    numbers = _crisis_numbers(norm)
    if numbers:
        symptoms = [m for m in _CRISIS_SYMPTOM.finditer(norm) if not _negated(seg, m.start(), m.end())]
        if symptoms or _DISTRESS.search(norm):  # AHA: numbers alone mean re-measure and call the doctor
            signals = tuple(dict.fromkeys([f"bp:{n}" for n in numbers] + [f"{c}:{s}" for _, c, s in sorted(hits)]))
            return EmergencyVerdict(True, HYPERTENSIVE_CRISIS, (*signals, "crisis_with_symptoms"))
    if _PREGNANT_OR_POSTPARTUM.search(norm):
        severe = [
            f"bp:{s}/{d}"
            for s, d in _bp_pairs(norm)
            if s >= SEVERE_PREGNANCY_SYSTOLIC_MMHG or d >= SEVERE_PREGNANCY_DIASTOLIC_MMHG
        ]
        symptoms = [m for m in _CRISIS_SYMPTOM.finditer(norm) if not _negated(seg, m.start(), m.end())]
        if severe and symptoms:
            return EmergencyVerdict(True, HYPERTENSIVE_CRISIS, (*severe, "severe_range_pregnancy"))
    low = [f"bp:{s}/{d}" for s, d in _bp_pairs(norm) if s < HYPOTENSION_SYSTOLIC_MMHG]
    if low and any(not _negated(seg, m.start(), m.end()) for m in _LOW_BP_SYMPTOM.finditer(norm)):
        hits.extend((len(norm), OTHER, f"hypotension:{signal}") for signal in low)
    tokens = len(_TOKEN.findall(norm))
    if _ALONE_EMERGENCY.search(norm) or (
        tokens <= _DISTRESS_MAX_TOKENS
        and _DISTRESS.search(norm)
        and _DISTRESS_BODY.search(norm)
        and not _INFO_FRAME.search(norm)
        and not any(t in _NEGATORS for t in _TOKEN.findall(norm))
    ):
        hits.append((len(norm), OTHER, "distress"))  # after any named symptom: it names the category
    low_sugar = _low_glucose(norm)
    if low_sugar and any(not _negated(seg, m.start(), m.end()) for m in _HYPO_SYMPTOM.finditer(norm)):
        hits.extend((len(norm), OTHER, signal) for signal in low_sugar)  # ADA level 2 with symptoms
    hits.extend((len(norm), BREATHING, signal) for signal in _low_oxygen(seg))
    heart_rates = _extreme_heart_rates(norm)
    if heart_rates and any(not _negated(seg, m.start(), m.end()) for m in _HR_SYMPTOM.finditer(norm)):
        # a resting rate this far out with symptoms; during exercise without symptoms it stays with the assistant
        hits.extend((-1, CARDIAC, signal) for signal in heart_rates)
    if hits and _ASSESSED_NORMAL.search(norm) and not _NOT_ALL_CLEAR.search(norm):
        hits = [h for h in hits if h[1] == SELF_HARM]
    if hits:
        hits = _outside_stories(seg, hits)
    if hits:
        hits = _benign_frames(seg, hits)
    if hits:
        hits.sort()
        physical = [h for h in hits if h[1] != SELF_HARM]
        category = (physical or hits)[0][1]
        signals = tuple(dict.fromkeys(f"{c}:{s}" for _, c, s in hits))
        return EmergencyVerdict(True, category, signals)
    return None


# --- learned second layer (guards.v2) ------------------------------------------------------------------------

# The model is a recall net: it only counts where the rules' own context checks see nothing that makes a
# symptom word harmless (a negator, a past or resolved marker, a general question, a mild qualifier, exertion,
# fiction), because a bag of n-grams cannot tell "no chest pain today" from "chest pain today".
_HEDGED = re.compile(
    r"\b(?:slight\w*|mild\w*|a bit|a little|sometimes|occasional\w*|usually|often|after (?:tennis|the gym|a run"
    r"|running|lifting|workout|my workout|exercise)|lol|haha|subscription|account|streak|app"
    r"|(?:feels?|felt|am|is|was) (?:fine|ok|okay|better|normal)|fine now|better now|back to normal"
    # the medication routine: "i keep forgetting my evening pills"
    r"|forg[eo]t\w*|remind\w*|refill\w*|missed (?:a |my )?dose|pharmacy|pill ?box|organi[sz]er"
    # a heart that goes out to someone; a bleed ruled out
    r"|heart (?:breaks|broke|goes out|bleeds|aches) for|nothing (?:is )?bleeding"
    # a craving: "i would kill for a steak", "dying for a coffee"
    r"|(?:would|could) (?:kill|murder) for (?:a|an|some|one|the)|dying for (?:a|an|some|one)(?! way))\b"
)
# A training log in gym shorthand ("chest and tris done", "breast stroke mostly", "plank 2 min, abs burning") and a
# habit dropped ("stopped adding salt"): body words of a session or a diet, not signs
_GYM_LOG = re.compile(
    r"\b(?:chest|back|legs?|shoulders?|arms?) (?:and|&|n) (?:tris|triceps|bis|biceps|back|shoulders|legs|abs|core)\b"
    r"|\b(?:breast ?stroke|back ?stroke|front crawl|freestyle|lengths|laps|planks?|crunches|sit ?ups|squats|deadlifts?"
    r"|abs (?:burning|on fire|sore)|(?:\d+|two|three|four|five) sets)\b"
    r"|\bstopped (?:adding|eating|drinking|buying|using|having) (?!(?:any|my) (?:pills|meds|medicines?)\b)"
)
# A reading log ("bp 128 over 84, pulse 66", "sats 96 on room air", spoken numbers already made digits): a label and
# a number each, with a few words of preamble at most; the numbers are the rules' to judge, not the n-grams'
_READING = re.compile(
    r"\b(?:(?:my |his |her )?(?:blood pressure|bp|pulse|heart ?rate|hr|resting (?:pulse|hr|heart rate)|sats?"
    r"|saturations?|spo2|o2|oxygen(?: level)?|sugar|glucose|bg|temp\w*|weight|resp\w* rate|rr)\W+(?:is |was |of |at )?"
    r"\d+(?:\.\d+)?(?:\s*(?:/|over)\s*\d+)?(?:\s*(?:bpm|mmhg|%|percent|kg|lbs?|mmol|mg/dl))?"
    r"|on room air|at rest|this morning|tonight|today|sitting|sorry|voice typing|dictat\w*|reading\w*)\b"
)
_READING_LOG_MAX_OTHER_TOKENS = 3


_LOG_SYSTOLIC = range(90, 160)
_LOG_DIASTOLIC_BELOW = 100
_LOG_SPO2_FROM = 92


def _reading_log(norm: str) -> bool:
    """True when the message is readings in an unremarkable range and little else."""
    if not _READING.search(norm) or not re.search(r"\d", norm):
        return False
    if _crisis_numbers(norm) or _extreme_heart_rates(norm) or _low_glucose(norm):
        return False
    if any(s not in _LOG_SYSTOLIC or d >= _LOG_DIASTOLIC_BELOW for s, d in _bp_pairs(norm)):
        return False
    if any(int(m.group(1)) < _LOG_SPO2_FROM for m in _SPO2_VALUE.finditer(norm)):
        return False
    return len(_TOKEN.findall(_READING.sub(" ", norm))) <= _READING_LOG_MAX_OTHER_TOKENS


# Fewer words than this carry too little for the n-gram model ("and tonight?"); the rules handle short messages.
_LEARNED_MIN_TOKENS = 4
# The learned layer cannot name a category; a self-harm word picks the 988 reply (which also says to call 911
# in immediate danger), anything else the 911 one.
_SELF_HARM_WORDS = re.compile(
    r"\b(?:die|dying|dead|death|life|live|living|alive|end|ending|over|suicid\w*|kill\w*|hurt\w*|harm\w*|pills"
    r"|overdos\w*|burden|goodbye\w*|disappear\w*|rope|bridge|worthless|hopeless|pointless|funeral|jump\w*|cutting"
    r"|cut myself|gone|for good|make it stop|better off|no point|wish i|exist\w*|unalive|noose|razor|wrists?)\b"
)


def detect_emergency_learned(text: str, feats: learned.Features | None = None) -> EmergencyVerdict:
    """The learned layer's verdict on a message the rules passed (see ``learned.py``); ``feats`` are the
    message's ``learned.features`` when the caller has them already."""
    norm = normalise_for_emergency(text)
    tokens = _TOKEN.findall(norm)
    if len(tokens) < _LEARNED_MIN_TOKENS:
        return EmergencyVerdict(False)
    if not learned.load("emergency").predicts(feats if feats is not None else learned.features(text)):
        return EmergencyVerdict(False)
    seg = TextSegments(norm)
    if (
        any(t in _NEGATORS for t in tokens)
        or _RESOLVED.search(norm)
        or (_RESOLVED_AFTER.search(norm) and not _STILL.search(norm))
        or _GYM_LOG.search(norm)
        or _reading_log(norm)
        or _SELF_HARM_PAST.search(norm)
        or _HEDGED.search(norm)
        or re.search(_FICTION, norm)
        or _not_real(norm)
        or (_STORY_FRAME.search(norm) and not _STORY_NOW.search(norm))
        or (_INFO_FRAME.search(norm) and not _PRESENT.search(norm))
        or seg.has(re.compile(_WORKOUT), 0, len(norm))
    ):
        return EmergencyVerdict(False)
    # the model learned English n-grams: a message in another language reaching it has passed that language's
    # emergency lexicon already, and its verdict on foreign words is noise ("de marcher plus")
    if not _plainly_english(text[:MAX_SCAN_CHARS]) and not language.detect_language(text).is_supported:
        return EmergencyVerdict(False)
    category = SELF_HARM if _SELF_HARM_WORDS.search(norm) else OTHER
    return EmergencyVerdict(True, category, (f"{category}:learned",))
