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
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.conversation.guards._text import FuzzyVocabulary, basic_normalise

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


@dataclass(frozen=True, slots=True)
class _Pattern:
    category: str
    signal: str
    regex: re.Pattern[str]
    weak: bool = False  # a bare condition name: needs a present-tense marker in its sentence
    informational_ok: bool = True  # may be suppressed by an informational question frame
    exclude: re.Pattern[str] | None = None  # idioms / device contexts in the clause that void it
    requires: re.Pattern[str] | None = None  # a companion symptom that must appear somewhere in the text


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


_PAIN = (
    r"(?:pain\w*|pressure|tight\w*|hurt\w*|ache|aches|aching|achy|discomfort|heav\w*|burn\w*|squeez\w*|"
    r"crush\w*|killing me|on fire|agony)"
)
_CHEST = r"(?:chest|breastbone|sternum)"
_PRONOUN = r"(?:my|his|her|their|our|the|your)"
_DIFFICULTY = (
    r"(?:cannot|could not|unable to|can barely|can hardly|barely|struggling to|struggle to|struggling|"
    r"fighting to|hard time|difficulty|difficult|trouble|hard to|problems?|hardly)"
)
_DEVICE = (
    r"\b(?:app|phone|watch|screen|cuff|device|scale|website|site|server|tracker|computer|laptop|bluetooth|"
    r"sync\w*)\b"
)

_PATTERNS: tuple[_Pattern, ...] = (
    # --- cardiac ---
    _p(CARDIAC, "chest_pain", rf"\b{_CHEST}s?{_gap(5)}{_PAIN}"),
    _p(
        CARDIAC,
        "chest_pain",
        rf"\b(?:{_PAIN}|weight|elephant\w*)(?:\W+[\w']+){{0,2}}\W+(?:in|on|behind|across|around|through|from|"
        rf"of)\W+(?:{_PRONOUN}\W+)?{_CHEST}\b",
    ),
    _p(CARDIAC, "chest_pain", rf"\b(?:clutch\w*|grabb\w*|holding|gripping)\W+{_PRONOUN}\W+chest"),
    _p(CARDIAC, "chest_pain", rf"\b{_CHEST}\s*(?:pain\w*|tight\w*|pressure)\b|\b{_PAIN}\W+{_CHEST}\b"),
    _p(
        CARDIAC,
        "radiating_pain",
        r"\b(?:pain\w*|hurt\w*|ache\w*|aching|numb\w*|tingl\w*|heav\w*)(?:\W+[\w']+){0,4}\W+(?:jaw|arm|arms|shoulder)\b"
        r"|\b(?:jaw|arm|arms|shoulder)(?:\W+[\w']+){0,3}\W+(?:pain\w*|hurt\w*|ache\w*|aching|numb\w*|tingl\w*|heav\w*)",
        requires=(
            r"\b(?:sweat\w*|clammy|nause\w*|sick|faint|dizz\w*|light ?headed|short of breath|breathless|"
            r"pale|gr[ae]y|chest|vomit\w*)\b"
        ),
    ),
    _p(
        CARDIAC,
        "heart_pain",
        (rf"\bheart\b{_gap(3)}(?:hurts?|hurting|pain\w*|going to explode|exploding|aches?|aching)\b"),
    ),
    _p(CARDIAC, "heart_attack", r"\bheart\W+attack\w*\b", weak=True),
    # --- breathing ---
    _p(
        BREATHING,
        "cannot_breathe",
        rf"\b{_DIFFICULTY}\W+(?:[\w']+\W+){{0,2}}?(?:breathe|breath|breathing|get(?:ting)? (?:any |enough |some )?air|"
        rf"catch {_PRONOUN} breath)\b",
    ),
    _p(
        BREATHING,
        "labored_breathing",
        (
            r"\bbreathing\W+(?:is\W+)?(?:\w+\W+)?"
            r"(?:labou?red|difficult|hard|shallow|very fast|rapid|noisy|gurgling|weird|strange|funny|odd)"
        ),
    ),
    _p(BREATHING, "gasping", r"\bgasp\w*\b"),
    _p(
        BREATHING,
        "choking",
        r"\bchok(?:e|es|ed|ing)\b",
        exclude=(
            r"chok\w* (?:on|with) (?:all |so much )?(?:this|the|that|these|those|my)? ?(?:info\w*|data|"
            r"numbers|news|work|emotion\w*|tears|words|pride)|chok\w* up|\blol\b|\bhaha\b"
        ),
    ),
    _p(BREATHING, "suffocating", r"\bsuffocat\w*\b"),
    _p(
        BREATHING,
        "cyanosis",
        (r"\b(?:lips?|face|fingers?|skin)\W+(?:\w+\W+){0,2}(?:turning |going )?(?:blue|purple)\b|\bturning blue\b"),
    ),
    _p(
        BREATHING,
        "severe_short_of_breath",
        r"\b(?:so|very|really|extremely|severely|badly|too|super)\W+(?:short of breath|breathless|out of breath)"
        r"|\b(?:short(?:ness)? of breath|breathless)\W+(?:\w+\W+)?(?:at rest|even (?:when|while) (?:sitting|"
        r"resting|lying)|(?:and )?getting worse|sitting down|lying down|cannot speak|can barely)",
    ),
    _p(BREATHING, "wheezing", r"\b(?:severe(?:ly)?|bad(?:ly)?)\W+wheez\w*|\bwheez\w*\W+(?:badly|bad|a lot|severely)"),
    _p(BREATHING, "inhaler_not_working", r"\binhaler\W+(?:is\W+)?(?:not|is not)\W+(?:working|helping)"),
    # --- stroke ---
    _p(
        STROKE,
        "face_droop",
        r"\b(?:face|smile|mouth|eyelid|lip)s?(?:\W+[\w']+){0,4}\W+(?:droop\w*|fell|falling|sagg\w*|lopsided|"
        r"uneven|crooked|twisted)"
        r"|\b(?:droop\w*|lopsided|uneven|crooked)\W+(?:\w+\W+)?(?:face|smile|mouth)\b|\bcannot smile\b",
    ),
    _p(
        STROKE,
        "face_numb",
        (
            r"\b(?:face|mouth|lip)s?(?:\W+[\w']+){0,3}\W+numb\w*|\bnumb\w*\W+(?:in\W+)?(?:my\W+|his\W+|her\W+)?face"
            r"\b"
        ),
    ),
    _p(STROKE, "slurred_speech", r"\b(?:slurr\w*|garbled|jumbled)\b"),
    _p(
        STROKE,
        "speech_difficulty",
        rf"\b{_DIFFICULTY}\W+(?:\w+\W+){{0,2}}?(?:speak|talk|talking|speaking|find {_PRONOUN} words|get {_PRONOUN} "
        rf"words out|understand (?:what|people|anyone|words|anything))\b"
        r"|\bwords\W+(?:are\W+)?(?:coming out|come out)\W+(?:all\W+)?(?:wrong|weird|jumbled|mixed)"
        r"|\bspeech\W+(?:is\W+|sounds\W+)?(?:\w+\W+)?(?:weird|strange|off|funny|wrong|slow)\b"
        r"|\b(?:gibberish|nonsense|not making (?:any )?sense)\b"
        r"|\b(?:he|she|they|mom|mum|dad|father|mother|husband|wife|grandma|grandpa|grandmother|grandfather)"
        r"\W+(?:is\W+|are\W+|seems\W+)?(?:very\W+|really\W+|suddenly\W+|so\W+)?confused\b",
    ),
    _p(
        STROKE,
        "one_sided_weakness",
        r"\b(?:one|left|right|1)\W+side(?:\W+[\w']+){0,5}\W+(?:weak\w*|numb\w*|droop\w*|paraly\w*|fell|dead|"
        r"tingl\w*|cannot (?:move|feel))"
        r"|\b(?:weak\w*|numb\w*|paraly\w*|tingl\w*)(?:\W+[\w']+){0,4}\W+(?:one|left|right)\W+side"
        rf"|\bcannot (?:move|feel|lift|raise|use) {_PRONOUN}\W+(?:left\W+|right\W+)?(?:side|arm|leg|hand)"
        r"|\b(?:arm|leg|hand)\W+(?:went|is|feels|has gone)\W+(?:\w+\W+)?(?:numb|weak|dead|limp)",
    ),
    _p(
        STROKE,
        "sudden_neuro",
        r"\b(?:sudden|suddenly|all of a sudden)(?:\W+[\w']+){0,3}\W+(?:weak\w*|numb\w*|confus\w*|cannot (?:see|"
        r"speak|talk|walk|understand|move)"
        r"|trouble (?:speaking|walking|seeing|talking)|severe headache|loss of (?:balance|vision)|lost (?:balance|"
        r"vision)|blind\w*)",
    ),
    _p(
        STROKE,
        "worst_headache",
        (r"\bworst headache\b|\bthunderclap\b|\bheadache\W+(?:like\W+)?(?:a\W+)?(?:thunder|explosion)"),
    ),
    _p(
        STROKE,
        "vision_loss",
        r"\bcannot see\W+(?:out of|from|with|in)\W+(?:one|my|his|her)\W*(?:\w+\W+)?(?:eye|side)"
        r"|\b(?:lost|losing) (?:my |the )?(?:vision|sight)\b|\bblind in one eye\b"
        r"|\b(?:vision|sight)\W+(?:\w+\W+){0,2}(?:went|going|gone|turned)\W+(?:black|dark|blank|grey|gray)",
    ),
    _p(STROKE, "stroke", r"\bstrokes?\b", weak=True, exclude=r"\bheat\W?stroke|\bstroke (?:rate|count|volume)|swim"),
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
        ),
    ),
    _p(SYNCOPE, "near_faint", r"\b(?:about to|going to|feel|feeling|felt|might|could)\W+(?:\w+\W+)?faint\b"),
    # --- other ---
    _p(
        OTHER,
        "unresponsive",
        r"\b(?:unresponsive|unconscious|not responding|non ?responsive|not responsive|will not wake(?: up)?|"
        r"not waking up"
        r"|cannot wake (?:him|her|them|my \w+)(?: up)?|does not wake(?: up)?|will not respond|not breathing|"
        r"stopped breathing"
        r"|no pulse|no heartbeat|heart (?:has )?stopped|will not (?:answer|respond)|not answering|is not answering"
        r"|fell\W+(?:\w+\W+){0,4}cannot get up|cannot get up)\b",
        exclude=_DEVICE,
    ),
    _p(OTHER, "cardiac_arrest", r"\bcardiac arrest\b", weak=True),
    _p(OTHER, "dying", r"\bi (?:am|feel like i am|think i am) dying\b(?! (?:to|of|for|laugh\w*|here|inside))"),
    _p(OTHER, "ambulance", r"\b(?:need|call\w*|get|send) (?:an |the )?ambulance\b|\bcall(?:ing)? 911\b"),
    _p(
        OTHER,
        "severe_bleeding",
        r"\b(?:bleed\w*|blood(?!\W+(?:pressure|sugar|tests?|work|thinners?|donation|oxygen|type|count|levels?)))(?:"
        r"\W+[\w']+){0,4}\W+"
        r"(?:will not stop|would not stop|not stopping|does not stop|heavily|heavy|everywhere|a lot|profusely|"
        r"uncontroll\w*|gushing|pouring|spurting)"
        r"|\b(?:severe|heavy|massive|uncontroll\w*|profuse|major)\W+(?:bleed\w*|blood loss|nosebleed)"
        r"|\b(?:cough\w*|vomit\w*|throw\w*|spit\w*)\W+(?:up\W+)?blood\b|\blost (?:a lot of|so much) blood\b",
    ),
    _p(
        OTHER,
        "seizure",
        (
            r"\b(?:seizure\w*|seizing|convuls\w*|having a fit|fitting|epileptic fit)\b|\b(?:shaking|jerking) uncont"
            r"roll\w*"
        ),
    ),
    _p(
        OTHER,
        "anaphylaxis",
        r"\banaphyla\w*\b|\b(?:throat|airway)\W+(?:is\W+)?(?:closing|swelling|swollen|tight\w*|closed)"
        r"|\b(?:tongue|lips?|face|mouth)\W+(?:is\W+|are\W+)?(?:swelling|swollen|blowing up)"
        r"|\b(?:used|using|needed|need|gave|give) (?:my |an |the |him |her )?epi\W?pen|\bcannot swallow\b|\bsevere "
        r"allergic reaction\b",
    ),
    # --- self-harm (988) ---
    _p(
        SELF_HARM,
        "kill_self",
        r"\b(?:kill\w*|hurt\w*|harm\w*|cut\w*|shoot\w*|hang\w*)\W+(?:my\W*self|myself)\b|\bkms\b|\bfeel\w* like dyi"
        r"ng\b",
        informational_ok=False,
        exclude=(
            r"\b(?:cut|hurt) (?:my ?self|myself) (?:while|when|shaving|cooking|on|with a knife|by accident|"
            r"accidentally|at the gym|lifting|running)"
        ),
    ),
    _p(
        SELF_HARM,
        "want_to_die",
        r"\b(?:want|wanna|going|wish|ready|plan\w*|decided|deserve|try\w*)\W+(?:\w+\W+){0,2}?(?:to\W+)?(?:die|"
        r"be dead|end (?:it|my life|my own life|everything|things|this))\b"
        r"|\b(?:nobody|no one|noone) (?:would|will) (?:miss|care about|notice) me\b|\bto end it\b"
        r"|\bwish (?:i|i was|i were|i had) (?:dead|died|never been born)\b|\bend(?:ing)? it all\b"
        r"|\bend(?:ing)? (?:my|my own) life\b"
        r"|\btake (?:my|my own) life\b"
        r"|\b(?:want|need)\W+(?:it|this|everything)\W+(?:all\W+)?to\W+(?:end|stop)\b",
        informational_ok=False,
    ),
    _p(SELF_HARM, "suicidal", r"\bsuicid\w*\b|\bself\W?harm\w*\b"),
    _p(SELF_HARM, "overdose", r"\boverdos\w*\b|\bod on\b"),
    _p(
        SELF_HARM,
        "overdose_intent",
        r"\b(?:take|taking|took|swallow\w*|down\w*)\W+(?:all|a whole bottle of|the whole bottle of|an entire bottle"
        r" of|every one of|a bottle of|all of)\W+(?:my\W+|the\W+|his\W+|her\W+)?(?:\w+\W+)?(?:pills|tablets|"
        r"meds|medications?|medicine)\b"
        r"|\bbottle of (?:pills|tablets)\b|\btoo many (?:of (?:my|the) )?(?:\w+\W+)?(?:pills|tablets|meds|sleeping "
        r"pills)\b|\b(?:would it take|does it take|it take|to take|needed|need) to die\b|\blethal dose\b",
        informational_ok=False,
    ),
    _p(
        SELF_HARM,
        "no_will_to_live",
        r"\b(?:do not|does not|never|no longer) want to (?:live|be alive|be here|wake up|exist|go on)\b|\bno (?:rea"
        r"son|point) (?:to|in) (?:live|living|going on|be alive)\b"
        r"|\b(?:life|living) (?:is not|is no longer|not) worth (?:living|it)\b|\bbetter off (?:without me|dead|"
        r"if i (?:was|were) (?:gone|dead))"
        r"|\bjump (?:off|from|in front of) (?:a|the)\W+(?:\w+\W+)?(?:bridge|building|roof|cliff|train)\b|\bcannot g"
        r"o on\b"
        r"|\bnot wake up\b|\bdisappear forever\b|\bstop taking .{0,40}\bso (?:that )?i (?:can |will )?die\b",
        informational_ok=False,
    ),
)

# Symptoms that turn crisis-range BP numbers into an emergency (AHA: signs of target-organ damage).
_CRISIS_SYMPTOM = re.compile(
    r"\b(?:headache\w*|migraine|head\W+(?:is\W+)?(?:\w+\W+)?(?:pounding|throbbing|killing me|hurts|hurting|"
    r"aching|splitting|exploding)"
    r"|splitting|chest\W+(?:\w+\W+)?(?:pain\w*|hurts?|tight\w*|pressure)|chest pain\w*"
    r"|(?:blurr\w*|double|loss of|losing|lost)\W+(?:\w+\W+)?vision|vision\W+(?:is\W+)?(?:\w+\W+)?(?:blurr\w*|"
    r"going|fading|gone|changes?|weird|dark)"
    r"|seeing (?:spots|stars|double)|confus\w*|dizz\w*|numb\w*|nause\w*|vomit\w*|short\w* of breath|breathless|"
    r"nose ?bleed\w*"
    r"|weak\w*|cannot (?:see|speak|think|breathe))"
)
_BP_PAIR = re.compile(r"(?<![\d.])(\d{2,3})\s*(?:/|\\|over)\s*(\d{2,3})(?![\d.])")
_BP_SINGLE = re.compile(r"\b(systolic|diastolic|top number|bottom number)\W+(?:\w+\W+){0,2}?(\d{2,3})\b")

_NEGATORS = frozenset({"no", "not", "never", "without", "nor", "denies", "deny", "none", "neither", "free", "zero"})
_RESOLVED = re.compile(
    r"\b(?:went away|(?:is|are|has|have|had|it is) (?:all |completely )?gone|gone now|"
    r"anymore|any more|no longer|resolved|used to|turned out|diagnosed|"
    r"last (?:week|month|year|summer|winter|spring|fall|autumn|time)|(?:weeks|months|years|yrs|decades) ago|"
    r"(?:a|one|two|three|four|five|six|\d+) (?:week|month|year|yr)s? ago|as a (?:kid|child|teen|teenager|baby)|"
    r"in (?:19|20)\d\d|died (?:of|from)|history of|back to normal|came down|at (?:age )?\d{2}\b)"
)
_CLAUSE_BREAK = re.compile(
    r"[.!?;,\n]+|\b(?:but|though|although|however|except)\b|\b(?:and )?(?:now|today|tonight|again|this time)(?= (?:"
    r"i|he|she|we|they|my|it|there)\b)"
)
_SENTENCE_BREAK = re.compile(r"[.!?\n]+")
_INFO_FRAME = re.compile(
    r"^\W*(?:what|how|why|when|which|who|where|explain|describe|define|tell me about|is there|are there)\b"
    r"|^\W*(?:is|are|can|could|does|do|should|would|will|may|might)\b(?! (?:you|someone|somebody|anyone) (?:help|"
    r"please))"
    r"|\b(?:signs?|symptoms?|warning signs?|causes?|risks?|risk factors?|chances?|survival rate) (?:of|for)\b"
    r"|\bwhat (?:should|do|can|would) (?:i|you|we|one) do (?:if|when)\b|\bwhat to do (?:if|when)\b"
    r"|\bif (?:someone|somebody|a person|anyone|you)\b"
    r"|\bhow (?:can|do|could|should|would|to) (?:i |you |we |one )?(?:prevent|avoid|reduce|lower|recogni[sz]e|"
    r"know|tell|spot|identify|support|treat|help|perform|use)\b"
    r"|\bdifference between\b|\bfamily history\b|\bam i at risk\b|\bat risk\b|\bscared of\b|\bafraid of\b|\bworried"
    r" about\b"
    r"|\bwhat (?:does|do|did) .{0,40}\b(?:mean|feel like|look like)\b"
)
_PRESENT = re.compile(
    r"(?<!of )(?<!someone )(?<!somebody )(?<!person )(?<!if i am )(?<!if you are )(?<!whether i am )\bhaving\b"
    r"|\bi think\b|\bright now\b|\bjust now\b|\bcurrently\b|\bat the moment\b|\bis this\b|\bhappening\b"
    r"|(?<!gone )(?<!well )(?<!fine )(?<!better )(?<!ok )(?<!okay )(?<!normal )\bnow\b(?! (?:that|on)\b)"
    r"|^\W*help\b|\bhelp\W*$|\bplease help\b|\bsomeone help\b|\bhelp (?:me|us|him|her)\W*$"
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
)
# Real words one edit away from a keyword that must not be "corrected" into it.
_PROTECTED = (
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
)


def _vocab() -> FuzzyVocabulary:
    global _VOCAB
    if _VOCAB is None:
        _VOCAB = FuzzyVocabulary(_KEYWORDS, _PROTECTED)
    return _VOCAB


_VOCAB: FuzzyVocabulary | None = None


def normalise_for_emergency(text: str) -> str:
    """Lower-cased, contractions expanded, typos within one edit of a keyword corrected."""
    return _vocab().correct_text(basic_normalise(text[:MAX_SCAN_CHARS]))


def _span(breaks: re.Pattern[str], text: str, pos: int) -> tuple[int, int]:
    start, end = 0, len(text)
    for m in breaks.finditer(text):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            end = m.start()
            break
    return start, end


def _negated(text: str, start: int, end: int, *, resolved_applies: bool = True) -> bool:
    """True when the match at ``start:end`` is negated or resolved within its clause.

    Resolved markers do not apply to self-harm: "I don't want to live anymore" is not a past event.
    """
    c_start, c_end = _span(_CLAUSE_BREAK, text, start)
    clause = text[c_start:c_end]
    before = _TOKEN.findall(text[c_start:start])[-_NEGATION_WINDOW_TOKENS:]
    return any(tok in _NEGATORS for tok in before) or (resolved_applies and bool(_RESOLVED.search(clause)))


def _informational(text: str, pos: int) -> tuple[bool, bool]:
    """(sentence is an informational frame, sentence has a present-tense marker) for ``pos``."""
    s_start, s_end = _span(_SENTENCE_BREAK, text, pos)
    sentence = text[s_start:s_end].strip()
    return bool(_INFO_FRAME.search(sentence)), bool(_PRESENT.search(sentence))


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
        systolic = m.group(1) in ("systolic", "top number")
        if (systolic and value > CRISIS_SYSTOLIC_MMHG) or (not systolic and value > CRISIS_DIASTOLIC_MMHG):
            found.append(f"{m.group(1)}={value}")
    return found


def detect_emergency(text: str) -> EmergencyVerdict:
    """Classifies ``text`` as an emergency happening now (category + matched signals) or not."""
    norm = normalise_for_emergency(text)
    if not norm:
        return EmergencyVerdict(False)
    hits: list[tuple[int, str, str]] = []  # (position, category, signal)
    for pat in _PATTERNS:
        for m in pat.regex.finditer(norm):
            if _negated(norm, m.start(), m.end(), resolved_applies=pat.category != SELF_HARM):
                continue
            if pat.exclude is not None:
                c_start, c_end = _span(_CLAUSE_BREAK, norm, m.start())
                if pat.exclude.search(norm[c_start:c_end]):
                    continue
            if pat.requires is not None and not pat.requires.search(norm):
                continue
            info, present = _informational(norm, m.start())
            present = present or len(_TOKEN.findall(norm)) <= _SHORT_MESSAGE_TOKENS
            if pat.weak and not present:
                continue
            if info and pat.informational_ok and not present:
                continue
            hits.append((m.start(), pat.category, pat.signal))

    numbers = _crisis_numbers(norm)
    if numbers:
        symptoms = [m for m in _CRISIS_SYMPTOM.finditer(norm) if not _negated(norm, m.start(), m.end())]
        if symptoms:
            signals = tuple(dict.fromkeys([f"bp:{n}" for n in numbers] + [f"{c}:{s}" for _, c, s in sorted(hits)]))
            return EmergencyVerdict(True, HYPERTENSIVE_CRISIS, (*signals, "crisis_with_symptoms"))
    if not hits:
        return EmergencyVerdict(False)
    hits.sort()
    physical = [h for h in hits if h[1] != SELF_HARM]
    category = (physical or hits)[0][1]
    signals = tuple(dict.fromkeys(f"{c}:{s}" for _, c, s in hits))
    return EmergencyVerdict(True, category, signals)
