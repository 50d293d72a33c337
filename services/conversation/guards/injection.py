"""Prompt-injection and data-exfiltration guard: such a message is refused, never sent to the model.

Transparent rules, each naming the signal it raises:
- ``override``: attempts to replace the assistant's instructions ("ignore previous instructions");
- ``extraction``: requests for the system prompt, hidden instructions, keys or configuration;
- ``roleplay``: jailbreak personas and modes ("you are now DAN", "developer mode", "no restrictions");
- ``other_user_data``: requests for another user's or every user's data, and SQL-ish probes;
- ``markup``: chat-template and role tokens ("</system>", "[INST]", "### system:");
- ``encoded``: base64 / hex / rot13 payloads that decode to any of the above, and long base64 runs.
The output guards still check replies for a system-prompt leak; this guard is the first line only.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
from dataclasses import dataclass

from services.conversation.guards._text import FuzzyVocabulary, basic_normalise

# A base64 run this long that decodes cleanly is refused even when its content looks harmless:
# ordinary health questions never contain one, and it is the usual vehicle for smuggled prompts.
LONG_BASE64_CHARS = 40
_MIN_ENCODED_CHARS = 16
MAX_SCAN_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class InjectionVerdict:
    is_injection: bool
    signals: tuple[str, ...] = ()


_RULE_WORDS = (
    r"(?:instructions?|rules?|directives?|prompts?|guidelines?|guardrails?|polic(?:y|ies)|programming|constraints?"
    r"|restrictions?|filters?|safety|training|system messages?|commands?|orders|settings|limitations?|ethics)"
)
_CLINICIAN = re.compile(
    r"\b(?:doctor|doctor's|cardiologist|physician|nurse|pharmacist|gp|clinic|dietitian|surgeon|care team)\b"
)

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rx))
    for name, rx in (
        (
            "override",
            r"\b(?:ignore|disregard|forget|override|bypass|skip|drop|abandon|discard|disobey|circumvent)\b(?:\W+[\w"
            r"']+){0,3}?\W+"
            r"(?:previous|prior|above|earlier|all|any|your|the|these|those|system|initial|original|existing|"
            r"current|every)\W+"
            rf"(?:[\w']+\W+){{0,2}}?{_RULE_WORDS}\b",
        ),
        (
            "override",
            (
                r"\b(?:ignore|disregard|forget)\W+(?:everything|all|anything)?\W*(?:the\W+)?(?:above|before|"
                r"prior|previous)\b"
            ),
        ),
        ("override", r"\bforget (?:everything|all|anything)\b.{0,30}\b(?:told|taught|know|instructed|learned)\b"),
        (
            "override",
            (
                rf"\b(?:previous|prior|above|earlier|initial|original|system|developer)\W+{_RULE_WORDS}\W+(?:are|"
                rf"were|is|was)\W+(?:a test|fake|void|cancel\w*|over|wrong)"
            ),
        ),
        ("override", rf"\b(?:your|the) (?:real|true|actual|new|updated) {_RULE_WORDS}\b"),
        (
            "override",
            (r"\bfrom now on\W+(?:you|respond|answer|act|reply|ignore|only|always|never|forget|pretend|behave)"),
        ),
        ("override", r"\byou (?:are|will be) (?:now|no longer)\b|\byou will now\b|\byou must now\b|\bnow you are\b"),
        (
            "override",
            (
                r"\b(?:follow|obey) (?:my|these|the following|only my|me)\b(?:\W+(?:commands?|instructions?|"
                r"orders|rules))?(?! doctor)"
            ),
        ),
        (
            "override",
            (
                r"\b(?:disable|turn off|switch off|deactivate|remove|lift|drop)\W+(?:your\W+|the\W+|all\W+|"
                r"any\W+)?(?:safety|guardrails?|filters?|restrictions?|content filter|censorship|limits|moderation)"
            ),
        ),
        (
            "override",
            (
                r"\b(?:end|begin|start)\W+(?:of\W+)?(?:the\W+)?(?:system\W+)?(?:prompt|override|instructions)\b|"
                r"-{3,}\s*end\b"
            ),
        ),
        ("override", r"\bnew (?:instructions|rules|directives|system prompt|persona|policy)\b\s*:"),
        (
            "extraction",
            (
                r"\bsystem\W*prompts?\b|\bsystem\W+messages?\b|\bdeveloper\W+(?:message|prompt|instructions)\b|"
                r"\bmeta\W?prompt\b"
            ),
        ),
        (
            "extraction",
            r"\b(?:your|ur|its|initial|original|hidden|secret|internal|underlying|starting|first)\W+(?:hidden\W+|"
            r"secret\W+|internal\W+|original\W+|initial\W+)?"
            r"(?:prompt|instructions|configuration|config|system instructions|guidelines you|context window|"
            r"pre-?prompt|api keys?)\b",
        ),
        (
            "extraction",
            (
                r"\b(?:prompt|instructions|rules) (?:you|that you) (?:were|was|are|have been|got) (?:given|"
                r"told|initiali[sz]ed|trained|programmed|set up|using)"
            ),
        ),
        (
            "extraction",
            (
                r"\b(?:what|how) (?:were|are|was) you (?:told|instructed|programmed|configured|prompted)\b|"
                r"\bwhat is in your (?:prompt|instructions|context)"
            ),
        ),
        (
            "extraction",
            (
                r"\b(?:repeat|print|output|copy|reproduce|show|summari[sz]e|translate|echo|reveal|display|dump|"
                r"write out)\b.{0,30}\b(?:text|words|everything|content|message|lines?|conversation)\W+(?:above|"
                r"before|prior)\b"
            ),
        ),
        (
            "extraction",
            (
                r"\b(?:repeat|print|show|output|reveal|tell me)\b.{0,20}\byour (?:first|initial|original|opening|"
                r"very first) (?:message|prompt|instructions|lines?)"
            ),
        ),
        (
            "extraction",
            (
                r"\b(?:write|print|output|dump|reveal|list|show|leak)\W+(?:me\W+)?(?:all\W+)?your\W+(?:rules|"
                r"instructions|guidelines|configuration|settings|tools)\b.{0,40}(?:code block|verbatim|exactly|"
                r"word for word|json|raw)?"
            ),
        ),
        (
            "extraction",
            (
                r"\b(?:api|secret|access|private)\W+keys?\b|\b(?:credentials|secrets?|tokens?|passwords?)\b.{0,20}\b"
                r"(?:you use|you have|in your|of the system|of the server)\b|\bsecret (?:parameters|instructions|"
                r"config\w*)\b|\benv(?:ironment)? variables\b"
            ),
        ),
        ("extraction", r"\b(?:contents? of|dump|print)\W+(?:\w+\W+)?(?:context|memory|context window|configuration)\b"),
        (
            "roleplay",
            (
                r"\b(?:you are|you're|act as|respond as|answer as|be|become|in character as|now|play|called|"
                r"named|like) dan\b|\bdan mode\b|\bdo anything now\b|\bstay in character\b"
            ),
        ),
        (
            "roleplay",
            (
                r"\b(?:developer|dev|debug|god|admin|sudo|jailbreak|jailbroken|unrestricted|unfiltered|uncensored|"
                r"evil|maintenance|root|unlocked|opposite)\W+mode\b|\bsudo\b|\bjailbreak\w*\b"
            ),
        ),
        (
            "roleplay",
            r"\b(?:pretend|act|roleplay|role-play|role play|imagine|simulate|behave|be|become|respond|play|"
            r"you are|you're)\b.{0,60}\b(?:no|without|zero|free of|free from)\W+(?:any\W+)?(?:\w+\W+)?"
            r"(?:restrictions?|rules|limits|limitations|filters?|guidelines|ethic\w*|guardrails|censorship|"
            r"safety|morals|boundaries)",
        ),
        (
            "roleplay",
            (
                r"\b(?:if you|you) (?:had|have|were) (?:no|without) (?:restrictions?|rules|limits|filters|guideline"
                r"s)\b|\b(?:safety|filters?|guardrails) (?:is|are) (?:off|disabled)\b"
            ),
        ),
        (
            "roleplay",
            (
                r"\b(?:unrestricted|unfiltered|uncensored|jailbroken|evil|rogue|amoral)\W+(?:\w+\W+)?(?:ai|"
                r"assistant|model|version|bot|chatbot|doctor|medical|gpt)\b|\b\w*gpt\b"
            ),
        ),
        (
            "roleplay",
            (
                r"\b(?:pretend|roleplay|act|simulate)\b.{0,40}\b(?:grandm\w*|deceased|dead)\b.{0,60}\b(?:prompt|"
                r"instructions|keys?|passwords?)"
            ),
        ),
        (
            "roleplay",
            (
                r"\b(?:i am|i'm|as) (?:your|an?|the) (?:administrator|admin|developer|creator|openai|anthropic|"
                r"system)\b.{0,40}\b(?:order|command|enter|disable|enable|grant|unlock|override|debug)"
            ),
        ),
        (
            "roleplay",
            (
                r"\b(?:enter|enable|activate|switch to|turn on|unlock)\b\W+(?:\w+\W+)?(?:mode|debug|admin access|"
                r"root access)\b"
            ),
        ),
        ("other_user_data", r"\bu-\d+\b"),
        (
            "other_user_data",
            (
                r"\b(?:user|patient|member|account|customer)(?:_id|\W+id)?\W*(?:=|:|is|number|#)?\W*['\"]?u-?\d+|"
                r"\b(?:user|patient|member)\W+(?:id\W+)?#?\d{2,}\b"
            ),
        ),
        (
            "other_user_data",
            r"\b(?:show|give|list|get|dump|export|display|fetch|access|pull|return|print|reveal|tell|send|download|"
            r"find|read|query|see)\b.{0,40}"
            r"\b(?:all|every|everyone|everybody|other|others|another|each|whole|entire)\b\W+(?:the\W+)?(?:\w+\W+){0,2}?"
            r"(?:users?|patients?|people|members?|customers?|accounts?|records|names|emails|person's|user's|"
            r"patient's|database)\b",
        ),
        (
            "other_user_data",
            (
                r"\b(?:everyone|everybody|all users|all patients|other users|other people|other patients|another us"
                r"er|another patient)(?:'s|s')?\W+(?:\w+\W+)?(?:data|readings?|bp|blood pressure|heart rates?|"
                r"steps|weights?|records?|history|messages|names|emails|info\w*|profiles?)\b"
            ),
        ),
        (
            "other_user_data",
            (
                r"\b(?:which|what|list)\W+(?:other\W+)?(?:users|patients|members|people|customers)\W+(?:have|"
                r"has|are|with|had)\b.{0,40}(?:list|names?|who|them|ids?)?"
            ),
        ),
        (
            "other_user_data",
            (
                r"\bwho else\b.{0,30}\b(?:uses?|using|on)\b|\bwhat did (?:other|the other) (?:users|people|"
                r"patients)\b|\bother users\b(?!.{0,40}\b(?:my age|average|typical|compare|percent|like me|"
                r"most))"
            ),
        ),
        (
            "other_user_data",
            (
                r"\b(?:show|give|get|list|tell|display|access|fetch|pull)\W+(?:me\W+)?(?!my\b)(?:[a-z]+\W+)?[a-z]+'"
                r"s\W+(?:\w+\W+)?(?:readings?|data|records?|blood pressure|bp|heart rates?|steps|weight|history|"
                r"profile|messages)\b"
            ),
        ),
        (
            "other_user_data",
            (
                r"\b(?:dump|export|download|copy|leak)\W+(?:the\W+|your\W+|all\W+)?(?:\w+\W+)?(?:database|db|"
                r"tables?|user table|users)\b"
            ),
        ),
        (
            "other_user_data",
            (
                r"\bselect\s+[\w*,\s]+\s+from\s+\w+|\bunion\s+(?:all\s+)?select\b|\bdrop\s+(?:table|database)\b|"
                r"\binsert\s+into\b|\bdelete\s+from\b|\bupdate\s+\w+\s+set\b|\bwhere\s+\w+\s*(?:=|!=|<>)\s*['\"\d]"
            ),
        ),
        (
            "other_user_data",
            (
                r"'\s*or\s+'?\w+'?\s*=\s*'?\w+|\bor\s+1\s*=\s*1\b|;\s*--|;\s*drop\b|\bxp_cmdshell\b|\$where\b|"
                r"\{\s*['\"]?\$(?:ne|gt|regex|where)\b"
            ),
        ),
        (
            "markup",
            (
                r"</?\s*(?:system|assistant|user|instructions?|sys|prompt|human|ai)\s*>|\[/?\s*(?:inst|system|"
                r"sys|assistant|user)\s*\]|<\|\s*[a-z_]+\s*\|>|<<\s*/?sys\s*>>"
            ),
        ),
        (
            "markup",
            (
                r"(?m)^\s*#{2,}\s*(?:system|instruction|instructions|assistant|user|human|response)\b|^\s*(?:system"
                r"|assistant)\s*:"
            ),
        ),
    )
)
_INJECTION_KEYWORDS = (
    "ignore",
    "previous",
    "instructions",
    "disregard",
    "system",
    "prompt",
    "restrictions",
    "developer",
    "pretend",
    "override",
    "bypass",
    "guidelines",
    "forget",
    "reveal",
    "jailbreak",
)
_BASE64_RUN = re.compile(rf"[A-Za-z0-9+/]{{{_MIN_ENCODED_CHARS},}}={{0,2}}")
_HEX_RUN = re.compile(r"\b(?:[0-9a-fA-F]{2}){12,}\b")
_VOCAB: FuzzyVocabulary | None = None


def _vocab() -> FuzzyVocabulary:
    global _VOCAB
    if _VOCAB is None:
        _VOCAB = FuzzyVocabulary(_INJECTION_KEYWORDS, ("signore", "preview", "systems", "prompts", "pretended"))
    return _VOCAB


def _rule_hits(norm: str) -> list[str]:
    hits: list[str] = []
    for name, rx in _RULES:
        if name in hits or not rx.search(norm):
            continue
        if name == "override" and _CLINICIAN.search(norm) and not re.search(r"\b(?:your|ignore|disregard)\b", norm):
            continue  # "new instructions from my cardiologist: walk 30 minutes a day"
        hits.append(name)
    return hits


def _printable_ratio(data: bytes) -> float:
    if not data:
        return 0.0
    return sum(32 <= b < 127 or b in (9, 10, 13) for b in data) / len(data)


def _decoded_payloads(text: str) -> list[tuple[str, str]]:
    """(kind, decoded text) for every base64/hex run that decodes to mostly printable text."""
    out: list[tuple[str, str]] = []
    for m in _BASE64_RUN.finditer(text):
        run = m.group(0)
        # Ordinary words and numbers are not base64 runs: require mixed character classes.
        if not (re.search(r"[a-z]", run) and re.search(r"[A-Z0-9+/]", run)) or (run.isalpha() and run.islower()):
            continue
        try:
            raw = base64.b64decode(run + "=" * (-len(run) % 4), validate=True)
        except (binascii.Error, ValueError):
            continue
        if _printable_ratio(raw) >= 0.9:
            out.append(("base64" if len(run) < LONG_BASE64_CHARS else "long_base64", raw.decode("ascii", "replace")))
    for m in _HEX_RUN.finditer(text):
        try:
            raw = bytes.fromhex(m.group(0))
        except ValueError:
            continue
        if _printable_ratio(raw) >= 0.9:
            out.append(("hex", raw.decode("ascii", "replace")))
    return out


def detect_injection(text: str, *, own_user_id: str | None = None) -> InjectionVerdict:
    """Flags prompt injection, prompt extraction, jailbreaks, encoded payloads and cross-user data requests.

    ``own_user_id`` lets a user mention their own id ("my id is u-123") without being refused.
    """
    raw = text[:MAX_SCAN_CHARS]
    norm = _vocab().correct_text(basic_normalise(raw))
    if own_user_id:
        norm = re.sub(rf"\b{re.escape(own_user_id.lower())}\b", "my account", norm)
    signals = _rule_hits(norm)

    for kind, decoded in _decoded_payloads(raw):
        inner = _rule_hits(_vocab().correct_text(basic_normalise(decoded)))
        if inner or kind == "long_base64":
            signals.append(f"encoded:{kind}")
            signals.extend(f"encoded:{s}" for s in inner)
    if not signals:
        rot = _rule_hits(basic_normalise(codecs.decode(raw, "rot13")))
        if rot:
            signals.append("encoded:rot13")
            signals.extend(f"encoded:{s}" for s in rot)
    if (
        not signals
        and re.search(r"\b(?:base64|b64|rot13|rot-13|hex)\b", norm)
        and re.search(r"\b(?:decode|execute|run|follow|eval|interpret|obey|do what)\b", norm)
    ):
        signals.append("encoded:instruction_to_decode")
    if not signals and re.search(
        (
            r"\b(?:decode|execute|run|eval)\b (?:this|the following)\b.{0,20}\b(?:and|then)\W+(?:follow|do|"
            r"execute|obey|run)"
        ),
        norm,
    ):
        signals.append("encoded:instruction_to_decode")
    return InjectionVerdict(bool(signals), tuple(dict.fromkeys(signals)))
