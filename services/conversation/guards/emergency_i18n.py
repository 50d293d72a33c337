"""Emergency lexicons for messages written in languages other than English.

The language guard answers non-English messages with an "English only" reply, so an emergency written in
Spanish, Chinese or Hindi must be caught here, before the language guard ever runs. Each language lists the
same categories as the English detector (cardiac, breathing, stroke, syncope/collapse, self-harm, other) as
regular expressions over a *folded* text: NFKD, case-folded, Latin/Greek/Cyrillic diacritics and Arabic
harakat removed, a few letters that do not decompose mapped (ł→l, đ→d, ø→o, ı→i, Persian yeh/kaf → Arabic),
so "nao consigo respirar" and "não consigo respirar", or "tôi không thở được" and "toi khong tho duoc", match
the same pattern. Patterns are written in that folded form (the same folding is applied to them).

Like the English detector this favours recall; a match is dropped only when
- a negator of that language stands just before it in the same clause ("no tengo dolor en el pecho",
  "keine Brustschmerzen", "没有胸痛"), or a post-positive negator follows it (Hindi "नहीं", Japanese "ない");
- it is a physical symptom and a resolved / past marker is in its clause ("hace dos años", "l'année
  dernière", "去年"); self-harm statements are never dropped for that;
- it is a bare condition name ("infarto", "Schlaganfall", "中风") with no present-tense marker in a message of
  more than a few words, or it sits in an informational question ("¿cuáles son los síntomas de un infarto?").
Hand-written because no multilingual clinical-triage lexicon is a dependency; lingua only names languages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.conversation.guards import _text, learned

CARDIAC = "cardiac"
BREATHING = "breathing"
STROKE = "stroke"
SYNCOPE = "syncope"
SELF_HARM = "self_harm"
OTHER = "other"

# Tokens a bare condition name may stand in and still count as "happening now" ("¡infarto!", "me está dando un
# infarto"); a past tense ("tuvo un infarto") is a resolved marker, see _RESOLVED.
SHORT_MESSAGE_TOKENS = 8
# Tokens / characters before a match in which a negator voids it.
NEGATION_WINDOW_TOKENS = 3
CJK_NEGATION_WINDOW_CHARS = 3
# Characters around a match in which negators are looked for (bounds the cost on long messages).
NEGATION_LOOKBACK_CHARS = 80


def fold(text: str) -> str:
    """The folded form every pattern here is matched against (see ``_text.fold``)."""
    return _text.fold(text)


def _fold_pattern(pattern: str) -> str:
    return _text.fold_pattern(pattern)


@dataclass(frozen=True, slots=True)
class I18nHit:
    language: str
    category: str
    signal: str
    start: int


@dataclass(frozen=True, slots=True)
class _Entry:
    language: str
    category: str
    signal: str
    regex: re.Pattern[str]
    weak: bool  # a bare condition name: needs a present marker or a very short message


# (category, signal, pattern, weak) per language. ``_`` is up to two intervening words.
_ = r"(?:\S+\s+){0,2}"
_LEXICON: dict[str, tuple[tuple[str, str, str, bool], ...]] = {
    "es": (
        (
            SELF_HARM,  # medicine stockpiled; life without meaning
            "stockpile_or_no_meaning",
            r"\b(?:he|estoy|llevo|tengo)\s+(?:\S+\s+)?(?:guardando|juntando|acumulando|ahorrando|guardado|juntado"
            r"|acumulado"
            r"|ahorrado)\s+(?:\S+\s+)?(?:pastillas|pildoras|comprimidos)\b"
            r"|\bla\s+vida\s+(?:ya\s+)?no\s+tiene\s+sentido\b",
            False,
        ),
        (
            SELF_HARM,
            "not_here_anymore",
            r"\bno\s+voy\s+a\s+estar\s+(?:aqui|mas)\b.{0,40}\b(?:decidi\w*|para\s+siempre|adios|perdon)"
            r"|\bya\s+no\s+quiero\s+(?:estar\s+aqui|seguir|vivir|existir)\b",
            False,
        ),  # "I will not be here any more"
        (
            OTHER,
            "person_down",
            r"\bno\s+se\s+mueve\b|\bse\s+(?:cayo|desplomo)\s+(?:al|en\s+el)\s+(?:suelo|piso)\b"
            r"|\btirad[oa]\s+en\s+el\s+(?:suelo|piso)\b",
            False,
        ),  # not moving / fallen to the ground
        (
            CARDIAC,
            "chest_pain",
            rf"\b(?:dolor\w*|presion|opresion|ardor|apreton|peso|punzada\w*)\s+{_}(?:de|en)\s+(?:el\s+|mi\s+|su\s+)?pec"
            r"ho\b",
            False,
        ),
        (
            CARDIAC,
            "chest_pain",
            rf"\b(?:me\s+|le\s+)?duele\w*\s+{_}(?:el\s+)?pecho\b"
            rf"|\bpecho\s+{_}(?:me\s+)?(?:duele|apretado|oprimido|ardiendo)\b|\bdolor\s+toracico\b",
            False,
        ),
        (
            CARDIAC,
            "heart_attack",
            r"\binfarto\b|\bataque\s+(?:al|de)\s+corazon\b|\bataque\s+cardiaco\b|\bparo\s+cardiaco\b",
            True,
        ),
        (
            CARDIAC,
            "radiating_pain",
            r"\bdolor\s+(?:\S+\s+)?(?:en\s+)?(?:el\s+)?brazo\s+izquierdo\b|\bme\s+duele\s+el\s+brazo\s+izquierdo\b",
            False,
        ),
        (
            BREATHING,
            "cannot_breathe",
            r"\bno\s+(?:puedo|puede|podemos|pueden|logro|consigo|consigue)\s+(?:\S+\s+)?respir\w*"
            r"|\bno\s+(?:esta\s+)?respira\b",
            False,
        ),
        (
            BREATHING,
            "cannot_breathe",
            r"\b(?:me\s+)?(?:falta|cuesta)\s+(?:el\s+|mucho\s+)?(?:aire|respirar)\b|\bsin\s+aire\b|\bme\s+ahogo\b"
            r"|\bse\s+(?:esta\s+)?ahog\w*|\bahogando\w*|\basfixi\w*|\bdificultad\s+(?:para|al)\s+respirar\b",
            False,
        ),
        (
            STROKE,
            "face_droop",
            r"\b(?:cara|boca|rostro)\s+{_}(?:caida|torcida|chueca|paralizada|dormida|adormecida|desviada)\b",
            False,
        ),
        (
            STROKE,
            "speech_difficulty",
            r"\bno\s+(?:puedo|puede)\s+hablar\b|\bhabla\s+(?:\S+\s+)?(?:arrastrada|rara|trabada|enredada)\b"
            r"|\barrastra\s+las\s+palabras\b",
            False,
        ),
        (
            STROKE,
            "one_sided_weakness",
            r"\bno\s+(?:puedo|puede)\s+mover\s+(?:el|la|mi|su)\s+(?:brazo|pierna|mano|lado)\b"
            rf"|\b(?:lado|brazo|pierna)\s+{_}(?:paralizad\w*|dormid\w*|entumid\w*|sin\s+fuerza)\b",
            False,
        ),
        (STROKE, "stroke", r"\bderrame\s+cerebral\b|\bataque\s+cerebral\b|\bictus\b|\bembolia\b", True),
        (
            SYNCOPE,
            "fainted",
            r"\bdesmay\w*|\bse\s+desvanecio\b|\bse\s+desplomo\b"
            r"|\bse\s+(?:cayo|ha\s+caido)\s+(?:\S+\s+){0,3}(?:no\s+(?:responde|reacciona|despierta)|inconsciente)",
            False,
        ),
        (
            OTHER,
            "unresponsive",
            r"\bperdi\w*\s+(?:el\s+)?(?:conocimiento|sentido)\b|\binconsciente\b"
            r"|\bno\s+(?:responde|reacciona|despierta)\b|\bsin\s+pulso\b|\bconvulsi\w*",
            False,
        ),
        (
            SELF_HARM,
            "kill_self",
            r"\bsuicid(?:io|ios|a|as|arme|arse|ar|ado|ada)\b|\bmatarme\b"
            r"|\bme\s+(?:quiero|voy\s+a)\s+(?:matar|suicidar|morir)\b|\bquitarme\s+la\s+vida\b|\bhacerme\s+dano\b"
            r"|\bcortarme\b",
            False,
        ),
        (
            SELF_HARM,
            "want_to_die",
            r"\bquiero\s+(?:morir\w*|desaparecer)\b|\bganas\s+de\s+morir\w*|\bacabar\s+con\s+(?:mi\s+vida|todo)\b"
            r"|\bno\s+quiero\s+(?:seguir\s+)?vivi\w*|\bno\s+vale\s+la\s+pena\s+vivir\b"
            r"|\bmejor\s+(?:estarian|estaria)\s+sin\s+mi\b",
            False,
        ),
        (
            SELF_HARM,
            "overdose_intent",
            r"\b(?:tomar\w*|tome|me\s+tome)\s+todas\s+(?:mis\s+|las\s+)?(?:pastillas|pildoras)\b|\bsobredosis\b",
            False,
        ),
        (
            OTHER,
            "ambulance",
            r"\b(?:llam\w*|necesito|manden)\s+(?:a\s+)?(?:una\s+)?ambulancia\b"
            r"|\bsangr\w*\s+(?:mucho|sin\s+parar|no\s+para)\b",
            False,
        ),
    ),
    "fr": (
        (
            SELF_HARM,  # medicine stockpiled; life without meaning
            "stockpile_or_no_meaning",
            r"\b(?:garde|accumule|stocke|mis\s+de\s+cote|economise)\w*\s+(?:\S+\s+)?(?:mes\s+|des\s+)?(?:cachets"
            r"|comprimes"
            r"|pilules|medicaments)\b|\bla\s+vie\s+n\W*a\s+(?:plus\s+)?(?:aucun\s+)?sens\b",
            False,
        ),
        (
            SELF_HARM,
            "not_here_anymore",
            r"\bje\s+ne\s+serai\s+plus\s+la\b|\bje\s+ne\s+veux\s+plus\s+(?:vivre|exister|etre\s+la)\b",
            False,
        ),  # "I will not be here any more"
        (
            OTHER,
            "person_down",
            r"\bne\s+bouge\s+(?:plus|pas)\b|\btombee?\s+(?:par\s+terre|au\s+sol)\b|\ballongee?\s+par\s+terre\b"
            r"|\bconvuls\w*|\bcrise\s+d\W?epilepsie\b",
            False,
        ),  # not moving / fallen to the ground
        (
            CARDIAC,
            "chest_pain",
            rf"\b(?:mal|douleur\w*|serrement|oppression|pression|brulure\w*|poids)\s+{_}(?:a|dans|de|sur)\s+(?:la|ma)\s"
            r"+poitrine\b|\bmal\s+a\s+la\s+poitrine\b|\bdouleur\w*\s+thoracique\w*",
            False,
        ),
        (
            CARDIAC,
            "chest_pain",
            rf"\bpoitrine\s+{_}(?:serree|comprimee|qui\s+serre|me\s+fait\s+(?:tres\s+)?mal|brule)\b",
            False,
        ),
        (CARDIAC, "heart_attack", r"\bcrise\s+cardiaque\b|\binfarctus\b|\barret\s+cardiaque\b", True),
        (
            BREATHING,
            "cannot_breathe",
            r"\b(?:arrive|parviens|parvient|peux|peut)\s+(?:plus|pas)\s+(?:a\s+)?respirer\b"
            r"|\bne\s+respire\s+(?:plus|pas)\b|\bdu\s+mal\s+a\s+respirer\b|\bdifficult\w*\s+a\s+respirer\b",
            False,
        ),
        (
            BREATHING,
            "cannot_breathe",
            r"\bj'?\s*etouffe\b|\betouff\w*|\bsuffoqu\w*|\bmanque\s+d'?\s*air\b|\bsouffle\s+court\b",
            False,
        ),
        (
            STROKE,
            "face_droop",
            rf"\b(?:bouche|visage|figure)\s+{_}(?:de\s+travers|tordu\w*|paralys\w*|affaiss\w*|tombant\w*|engourdi\w*)",
            False,
        ),
        (
            STROKE,
            "speech_difficulty",
            r"\b(?:arrive|peux|peut|parviens)\s+(?:plus|pas)\s+(?:a\s+)?parler\b"
            r"|\bparole\s+(?:\S+\s+)?(?:confuse|bizarre|pateuse)\b|\bmots\s+(?:\S+\s+)?(?:sortent\s+mal|melanges)\b",
            False,
        ),
        (
            STROKE,
            "one_sided_weakness",
            r"\b(?:arrive|peux|peut)\s+(?:plus|pas)\s+(?:a\s+)?bouger\s+(?:le|la|mon|ma|son|sa)\s+(?:bras|jambe|main|c"
            rf"ote)\b|\b(?:bras|jambe|cote)\s+{_}(?:paralys\w*|engourdi\w*|ne\s+repond\s+plus)",
            False,
        ),
        (STROKE, "stroke", r"\bavc\b|\baccident\s+vasculaire\b", True),
        (
            SYNCOPE,
            "fainted",
            r"\b(?:s'?\s*est|me\s+suis|se\s+sont)\s+(?:effondre\w*|evanoui\w*)|\bevanoui\w*"
            r"|\beffondre\w*\s+(?:par\s+terre|au\s+sol|d'?\s*un\s+coup)|\btombe\w*\s+dans\s+les\s+pommes\b"
            r"|\b(?:fait|faire|fais)\s+un\s+malaise\b",
            False,
        ),
        (
            OTHER,
            "unresponsive",
            r"\bperdu\s+connaissance\b|\bperte\s+de\s+connaissance\b|\binconscient\w*"
            r"|\bne\s+(?:repond|reagit)\s+(?:plus|pas)\b|\bne\s+se\s+reveille\s+pas\b|\bcrise\s+d'?\s*epilepsie\b",
            False,
        ),
        (
            SELF_HARM,
            "kill_self",
            r"\bsuicid(?:er|aire|aires|e\s+(?:moi|toi))\b|\b(?:au|du|le|un|de)\s+suicide\b|\bme\s+tuer\b"
            r"|\bme\s+faire\s+du\s+mal\b|\bme\s+scarifier\b|\bmettre\s+fin\s+a\s+(?:mes\s+jours|ma\s+vie)\b",
            False,
        ),
        (
            SELF_HARM,
            "want_to_die",
            r"\b(?:veux|voudrais|vais|envie\s+de)\s+mourir\b|\ben\s+finir\b|\b(?:plus|pas)\s+envie\s+de\s+vivre\b"
            r"|\bne\s+veux\s+plus\s+vivre\b|\bmieux\s+sans\s+moi\b",
            False,
        ),
        (
            SELF_HARM,
            "overdose_intent",
            r"\b(?:prendre|avaler|ingurgiter|gober)\s+tou(?:te)?s\s+mes\s+(?:pilules|medicaments|cachets|comprimes)\b"
            r"|\bsurdose\b",
            False,
        ),
        (
            OTHER,
            "ambulance",
            r"\bappel\w*\s+(?:le\s+|les\s+)?(?:15|112|samu|pompiers)\b|\bune\s+ambulance\b"
            r"|\bsaign\w*\s+(?:beaucoup|abondamment|sans\s+arret)\b",
            False,
        ),
    ),
    "de": (
        (
            SELF_HARM,  # medicine stockpiled; life without meaning
            "stockpile_or_no_meaning",
            r"\bkeinen\s+sinn\s+mehr\b.{0,30}\bleben\b|\bleben\s+(?:hat|macht)\s+(?:\S+\s+)?keinen\s+sinn\b"
            r"|\b(?:tabletten|pillen)\s+(?:\S+\s+)?(?:gesammelt|gehortet|gespart|zusammengespart)\b",
            False,
        ),
        (
            SELF_HARM,
            "not_here_anymore",
            r"\bmorgen\s+bin\s+ich\s+nicht\s+mehr\s+da\b|\bich\s+will\s+nicht\s+mehr\s+(?:leben|existieren"
            r"|da\s+sein)\b",
            False,
        ),  # "I will not be here any more"
        (
            OTHER,
            "person_down",
            r"\bbewegt\s+sich\s+nicht\b|\bliegt\s+(?:am|auf\s+dem)\s+boden\b|\bzu\s+boden\s+gefallen\b",
            False,
        ),  # not moving / fallen to the ground
        (
            CARDIAC,
            "chest_pain",
            r"brust\w*schmerz\w*|\bschmerz\w*\s+(?:\S+\s+){0,3}(?:in\s+der|in\s+meiner|auf\s+der)\s+brust\b"
            r"|\bbrust\s+(?:\S+\s+){0,2}(?:tut\s+(?:\S+\s+)?weh|schmerzt|ist\s+eng|druckt|brennt)\b|\bengegefuhl\b"
            r"|\bdruck\s+auf\s+der\s+brust\b|\bbrustenge\b",
            False,
        ),
        (CARDIAC, "heart_attack", r"\bherzinfarkt\b|\bherzanfall\b|\bherzstillstand\b|\binfarkt\b", True),
        (
            BREATHING,
            "cannot_breathe",
            r"\b(?:krieg\w*|bekomm\w*)\s+(?:\S+\s+)?(?:keine|kaum|nicht\s+genug)\s+luft\b|\bkeine\s+luft\s+mehr\b"
            r"|\bkann\s+(?:\S+\s+)?(?:nicht|kaum)\s+(?:mehr\s+)?atmen\b|\batemnot\b|\berstick\w*|\batmet\s+nicht\b",
            False,
        ),
        (
            STROKE,
            "face_droop",
            rf"\b(?:gesicht|mund|mundwinkel)\s+{_}(?:hangt|hangen|schief|gelahmt|taub|verzogen)\b",
            False,
        ),
        (
            STROKE,
            "speech_difficulty",
            r"\bkann\s+(?:\S+\s+)?(?:nicht|kaum)\s+(?:mehr\s+)?(?:sprechen|reden)\b|\blallt\b"
            r"|\bverwaschen\w*\s+sprache\b|\bspricht\s+(?:\S+\s+)?komisch\b",
            False,
        ),
        (
            STROKE,
            "one_sided_weakness",
            rf"\b(?:arm|bein|seite|hand)\s+{_}(?:gelahmt|taub|lahm|kraftlos)\b|\bhalbseitig\w*",
            False,
        ),
        (STROKE, "stroke", r"\bschlaganfall\b|\bhirnschlag\b|\bhirninfarkt\b", True),
        (
            SYNCOPE,
            "fainted",
            r"\bzusammengebrochen\b|\bzusammengeklappt\b|\bumgekippt\b|\bohnmacht\w*|\bohnmachtig\b",
            False,
        ),
        (
            OTHER,
            "unresponsive",
            r"\bbewusstlos\b|\breagiert\s+nicht\b|\bwacht\s+nicht\s+(?:mehr\s+)?auf\b|\bkein\s+puls\b|\bkrampfanfall\b"
            r"|\bkrampft\b",
            False,
        ),
        (
            SELF_HARM,
            "kill_self",
            r"\bsuizid\w*|\bselbstmord\w*|\bumbringen\b|\bmir\s+(?:\S+\s+)?das\s+leben\s+nehmen\b"
            r"|\bmich\s+(?:\S+\s+)?(?:toten|ritzen)\b|\bmir\s+etwas\s+antun\b",
            False,
        ),
        (
            SELF_HARM,
            "want_to_die",
            r"\bwill\s+(?:\S+\s+)?(?:nicht\s+mehr\s+leben|sterben)\b|\bnicht\s+mehr\s+leben\s+(?:will|mochte)\b"
            r"|\blebensmude\b|\bmochte\s+sterben\b|\bbesser\s+ohne\s+mich\b",
            False,
        ),
        (
            SELF_HARM,
            "overdose_intent",
            r"\balle\s+(?:meine\s+)?tabletten\s+(?:nehmen|schlucken|genommen|geschluckt)\b|\buberdosis\b",
            False,
        ),
        (
            OTHER,
            "ambulance",
            r"\bnotarzt\b|\bkrankenwagen\b|\brettungswagen\b|\b112\s+(?:an)?rufen\b"
            r"|\bblutet\s+(?:\S+\s+)?(?:stark|sehr)\b",
            False,
        ),
    ),
    "pt": (
        (
            SELF_HARM,  # medicine stockpiled; life without meaning
            "stockpile_or_no_meaning",
            r"\b(?:guardando|juntando|acumulando|guardei|juntei|acumulei)\s+(?:\S+\s+)?(?:comprimidos|pilulas"
            r"|remedios)\b"
            r"|\ba\s+vida\s+(?:ja\s+)?nao\s+tem\s+(?:mais\s+)?sentido\b",
            False,
        ),
        (
            SELF_HARM,
            "not_here_anymore",
            r"\bnao\s+vou\s+estar\s+(?:aqui|mais)\b.{0,40}\b(?:decidi\w*|para\s+sempre|adeus)"
            r"|\bnao\s+quero\s+mais\s+(?:viver|existir|estar\s+aqui)\b",
            False,
        ),  # "I will not be here any more"
        (
            OTHER,
            "person_down",
            r"\bnao\s+se\s+mexe\b|\bnao\s+(?:esta\s+)?se\s+mexendo\b|\b(?:caiu|caid[oa])\s+no\s+chao\b",
            False,
        ),  # not moving / fallen to the ground
        (
            CARDIAC,
            "chest_pain",
            rf"\b(?:dor\w*|aperto|pressao|queimacao|peso)\s+{_}(?:no|em\s+meu|em\s+o|do)\s+peito\b|\bdor\s+toracica\b"
            rf"|\bpeito\s+{_}(?:doendo|doi|doi\s+muito|apertado)\b",
            False,
        ),
        (
            CARDIAC,
            "heart_attack",
            r"\binfarto\b|\benfarte\b|\bataque\s+(?:cardiaco|do\s+coracao)\b|\bparada\s+cardiaca\b",
            True,
        ),
        (
            BREATHING,
            "cannot_breathe",
            r"\bnao\s+(?:consigo|consegue|estou\s+conseguindo|esta\s+conseguindo|posso)\s+respirar\b"
            r"|\bnao\s+(?:esta\s+)?respira\w*|\bfalta\s+de\s+ar\b|\bsem\s+ar\b|\bsufoc\w*"
            r"|\bdificuldade\s+(?:para|de|em)\s+respirar\b",
            False,
        ),
        (STROKE, "face_droop", rf"\b(?:boca|rosto|cara)\s+{_}(?:torta|caida|paralisad\w*|dormente|entortou)\b", False),
        (
            STROKE,
            "speech_difficulty",
            r"\bnao\s+(?:consigo|consegue)\s+falar\b|\bfala\s+(?:\S+\s+)?(?:enrolada|estranha|arrastada)\b",
            False,
        ),
        (
            STROKE,
            "one_sided_weakness",
            r"\bnao\s+(?:consigo|consegue)\s+mexer\s+(?:o|a|meu|minha)\s+(?:braco|perna|mao|lado)\b"
            rf"|\b(?:braco|perna|lado)\s+{_}(?:paralisad\w*|dormente|sem\s+forca)\b",
            False,
        ),
        (STROKE, "stroke", r"\bavc\b|\bderrame\b", True),
        (
            SYNCOPE,
            "fainted",
            r"\bdesmai\w*|\bdesabou\b|\bcaiu\s+(?:\S+\s+){0,3}(?:nao\s+(?:acorda|responde)|desacordad\w*)",
            False,
        ),
        (
            OTHER,
            "unresponsive",
            r"\bperdeu\s+(?:a\s+)?(?:consciencia|os\s+sentidos)\b|\binconsciente\b|\bdesacordad\w*"
            r"|\bnao\s+(?:acorda|responde|reage)\b|\bconvuls\w*",
            False,
        ),
        (
            SELF_HARM,
            "kill_self",
            r"\bsuicid(?:io|ios|ar|ar-me|a|as)\b|\bme\s+matar\b|\bmatar-me\b"
            r"|\btirar\s+(?:a\s+)?minha\s+(?:propria\s+)?vida\b|\bme\s+(?:machucar|cortar)\b",
            False,
        ),
        (
            SELF_HARM,
            "want_to_die",
            r"\bquero\s+morrer\b|\bvontade\s+de\s+morrer\b|\bnao\s+quero\s+(?:mais\s+)?viver\b"
            r"|\bacabar\s+com\s+(?:a\s+minha\s+vida|tudo)\b",
            False,
        ),
        (
            SELF_HARM,
            "overdose_intent",
            r"\btomar\s+todos\s+os\s+(?:meus\s+)?(?:remedios|comprimidos)\b|\bsuperdosagem\b|\bdose\s+excessiva\b",
            False,
        ),
        (
            OTHER,
            "ambulance",
            r"\b(?:chama|chamem|chamar|liga)\w*\s+(?:uma\s+)?ambulancia\b|\bsamu\b|\bsangr\w*\s+(?:muito"
            r"|sem\s+parar)\b",
            False,
        ),
    ),
    "it": (
        (
            SELF_HARM,  # medicine stockpiled; life without meaning
            "stockpile_or_no_meaning",
            r"\b(?:messo\s+da\s+parte|accumulato|conservato|tenuto\s+da\s+parte)\s+(?:\S+\s+)?(?:pillole|pastiglie"
            r"|compresse)\b"
            r"|\bla\s+vita\s+non\s+ha\s+(?:piu\s+)?senso\b",
            False,
        ),
        (
            SELF_HARM,
            "not_here_anymore",
            r"\bnon\s+ci\s+saro\s+piu\b|\bnon\s+voglio\s+piu\s+(?:vivere|esistere)\b",
            False,
        ),  # "I will not be here any more"
        (
            OTHER,
            "person_down",
            r"\bnon\s+si\s+muove\b|\b(?:cadut[oa]|sdraiat[oa])\s+(?:a|per)\s+terra\b",
            False,
        ),  # not moving / fallen to the ground
        (
            CARDIAC,
            "chest_pain",
            rf"\b(?:dolor\w*|oppressione|peso|bruciore|fitta)\s+{_}(?:al|nel)\s+petto\b|\bdolore\s+toracico\b"
            rf"|\bpetto\s+{_}(?:fa\s+male|stretto|oppresso)\b|\bmi\s+fa\s+(?:\S+\s+)?male\s+il\s+petto\b",
            False,
        ),
        (CARDIAC, "heart_attack", r"\binfarto\b|\battacco\s+(?:di\s+cuore|cardiaco)\b|\barresto\s+cardiaco\b", True),
        (
            BREATHING,
            "cannot_breathe",
            r"\bnon\s+(?:riesco|riesce|riusciamo)\s+(?:piu\s+)?a\s+respirare\b|\bnon\s+respira\b"
            r"|\bmi\s+manca\s+(?:il\s+|l'?\s*)?(?:respiro|fiato|aria)\b|\bsoffoc\w*|\baffanno\b|\bfiato\s+corto\b",
            False,
        ),
        (
            STROKE,
            "face_droop",
            rf"\b(?:bocca|viso|faccia)\s+{_}(?:storta|cadente|paralizzat\w*|intorpidit\w*)\b",
            False,
        ),
        (
            STROKE,
            "speech_difficulty",
            r"\bnon\s+(?:riesco|riesce)\s+(?:piu\s+)?a\s+parlare\b|\bparla\s+(?:\S+\s+)?strano\b|\bbiascica\w*",
            False,
        ),
        (
            STROKE,
            "one_sided_weakness",
            r"\bnon\s+(?:riesco|riesce)\s+a\s+muovere\b"
            rf"|\b(?:braccio|gamba|lato)\s+{_}(?:paralizzat\w*|intorpidit\w*|addormentat\w*)\b",
            False,
        ),
        (STROKE, "stroke", r"\bictus\b", True),
        (SYNCOPE, "fainted", r"\bsvenut\w*|\bsvenire\b|\bsveng\w*|\bcrollat\w*|\bsvenimento\b", False),
        (
            OTHER,
            "unresponsive",
            r"\bperso\s+(?:i\s+)?(?:sensi|conoscenza)\b|\bprivo\s+di\s+sensi\b|\bincosciente\b"
            r"|\bnon\s+(?:risponde|reagisce|si\s+sveglia)\b|\bconvulsion\w*",
            False,
        ),
        (
            SELF_HARM,
            "kill_self",
            r"\bsuicid(?:io|i|a|armi|arsi|armi)\b|\buccidermi\b|\bammazzarmi\b|\btogliermi\s+la\s+vita\b"
            r"|\bfarmi\s+del\s+male\b|\btagliarmi\b",
            False,
        ),
        (
            SELF_HARM,
            "want_to_die",
            r"\bvoglio\s+morire\b|\bfarla\s+finita\b|\bnon\s+voglio\s+(?:piu\s+)?vivere\b",
            False,
        ),
        (
            SELF_HARM,
            "overdose_intent",
            r"\bprendere\s+tutte\s+le\s+(?:mie\s+)?(?:pillole|pastiglie|compresse)\b|\bsovradosaggio\b",
            False,
        ),
        (OTHER, "ambulance", r"\b(?:chiama\w*)\s+(?:un'?\s*)?ambulanza\b|\bsanguin\w*\s+(?:molto|tantissimo)\b", False),
    ),
    "nl": (
        (
            CARDIAC,
            "chest_pain",
            r"\bpijn\s+(?:\S+\s+){0,3}(?:op|in)\s+(?:de|mijn)\s+borst\b|\bborstpijn\b"
            r"|\bdruk\s+op\s+(?:de|mijn)\s+borst\b|\bbeklemmend\w*",
            False,
        ),
        (CARDIAC, "heart_attack", r"\bhartaanval\b|\bhartinfarct\b|\bhartstilstand\b", True),
        (
            BREATHING,
            "cannot_breathe",
            r"\bkan\s+(?:\S+\s+)?(?:niet|nauwelijks)\s+(?:meer\s+)?(?:ademen|ademhalen)\b|\bkrijg\s+geen\s+lucht\b"
            r"|\bbenauwd\b|\bstik\s+(?:bijna|haast)\b|\bademt\s+niet\b",
            False,
        ),
        (STROKE, "face_droop", rf"\b(?:gezicht|mond|mondhoek)\s+{_}(?:hangt|scheef|verlamd)\b", False),
        (
            STROKE,
            "speech_difficulty",
            r"\bkan\s+(?:\S+\s+)?niet\s+(?:meer\s+)?praten\b|\bpraat\s+(?:\S+\s+)?(?:raar|onduidelijk|dubbel)\b",
            False,
        ),
        (STROKE, "stroke", r"\bberoerte\b|\bherseninfarct\b|\bhersenbloeding\b", True),
        (SYNCOPE, "fainted", r"\bflauwgevallen\b|\bflauw\s+gevallen\b|\bin\s+elkaar\s+gezakt\b", False),
        (OTHER, "unresponsive", r"\bbewusteloos\b|\breageert\s+niet\b|\bwordt\s+niet\s+wakker\b", False),
        (
            SELF_HARM,
            "kill_self",
            r"\bzelfmoord\w*|\bsuicidaal\b|\bzelfdoding\b|\bmezelf\s+(?:van\s+kant\s+maken|doden|iets\s+aandoen)\b",
            False,
        ),
        (SELF_HARM, "want_to_die", r"\bwil\s+(?:\S+\s+)?(?:dood|sterven|niet\s+meer\s+leven)\b", False),
        (OTHER, "ambulance", r"\bambulance\s+(?:bellen|nodig)\b|\b112\s+bellen\b", False),
    ),
    "pl": (
        (
            CARDIAC,
            "chest_pain",
            r"\bbol\w*\s+(?:\S+\s+){0,3}(?:w|na)\s+klat\w*\s+piersiow\w*"
            r"|\bboli\s+mnie\s+(?:\S+\s+){0,2}(?:w\s+)?klat\w*|\bbol\s+w\s+piersi\b|\bucisk\w*\s+w\s+klatce\b",
            False,
        ),
        (CARDIAC, "heart_attack", r"\bzawal\w*|\batak\s+serca\b", True),
        (
            BREATHING,
            "cannot_breathe",
            r"\bnie\s+(?:moge|moze|mozemy)\s+(?:\S+\s+)?oddychac\b|\bnie\s+oddycha\b|\bbrak\s+(?:mi\s+)?(?:tchu"
            r"|powietrza)\b"
            r"|\bnie\s+(?:moge|moze)\s+zlapac\s+(?:tchu|oddechu|powietrza)\b"
            r"|\bdusz(?:e|a)\s+sie\b|\bdusi\s+sie\b|\bdusznosc\w*",
            False,
        ),
        (STROKE, "face_droop", rf"\b(?:twarz|usta|kacik)\w*\s+{_}(?:opadl\w*|opada|krzyw\w*|sparalizowan\w*)", False),
        (STROKE, "speech_difficulty", r"\bnie\s+(?:moge|moze)\s+(?:mowic|wymowic)\b|\bbelkocze\b|\bbelkot\w*", False),
        (STROKE, "stroke", r"\budar\w*", True),
        (SYNCOPE, "fainted", r"\bzemdlal\w*|\bomdlal\w*|\bzaslabl\w*|\bomdleni\w*", False),
        (OTHER, "unresponsive", r"\bstracil\w*\s+przytomnosc\b|\bnieprzytomn\w*|\bnie\s+reaguje\b", False),
        (SELF_HARM, "kill_self", r"\bsamob[oó]j\w*|\bzabic\s+sie\b|\bodebrac\s+sobie\s+zycie\b", False),
        (SELF_HARM, "want_to_die", r"\bchce\s+umrzec\b|\bnie\s+chce\s+(?:juz\s+)?zyc\b", False),
        (SELF_HARM, "overdose_intent", r"\bprzedawkowa\w*", False),
        (OTHER, "ambulance", r"\bkaretk\w*|\bpogotowie\b", False),
        (OTHER, "seizure", r"\bdrgawk\w*|\bdrgawek\b|\batak\w*\s+padaczk\w*|\bkonwulsj\w*", False),
    ),
    "tr": (
        (
            CARDIAC,
            "chest_pain",
            r"\bgogs\w*\s+(?:\S+\s+){0,2}(?:agri(?!m[i]y)\w*|sanci\w*|sikis\w*|bask\w*|yan(?!m[i]y)\w*)"
            r"|\bgogus\s+agrisi\b",
            False,
        ),
        (CARDIAC, "heart_attack", r"\bkalp\s+kriz\w*|\benfarkt\w*", True),
        (
            BREATHING,
            "cannot_breathe",
            r"\bnefes\s+(?:\S+\s+)?(?:alamiyor\w*|alamiyo\w*|alamadi\w*|darlig\w*|yetmiyor)|\bbogul\w*",
            False,
        ),
        (STROKE, "face_droop", r"\b(?:yuz|agz)\w*\s+(?:\S+\s+)?(?:kay\w*|carp\w*|sark\w*)", False),
        (STROKE, "speech_difficulty", r"\bkonusam\w*|\bdili\s+dolas\w*", False),
        (STROKE, "stroke", r"\bfelc\w*|\binme\b", True),
        (SYNCOPE, "fainted", r"\bbayil\w*|\bbayg\w*|\bkendinden\s+gec\w*", False),
        (
            OTHER,
            "unresponsive",
            r"\bbilinci\s+(?:kapal\w*|yok)\b|\btepki\s+vermiyor\b|\buyanmiyor\b|\bnefes\s+almiyor\b|\bnabiz\w*\s+yok\b",
            False,
        ),
        (SELF_HARM, "kill_self", r"\bintihar\w*|\bkendimi\s+oldur\w*|\bcanima\s+kiy\w*", False),
        (SELF_HARM, "want_to_die", r"\bolmek\s+istiyorum\b|\byasamak\s+istemiyorum\b", False),
        (OTHER, "ambulance", r"\bambulans\b|\b112\s*(?:'?\s*yi)?\s+ara\w*", False),
    ),
    "id": (
        (
            CARDIAC,
            "chest_pain",
            r"\b(?:sakit|nyeri)\s+(?:\S+\s+)?dada\b|\bdada\s+(?:\S+\s+)?(?:sakit|sesak|nyeri|terasa\s+berat)\b",
            False,
        ),
        (CARDIAC, "heart_attack", r"\bserangan\s+jantung\b|\bsakit\s+jantung\b", True),
        (
            BREATHING,
            "cannot_breathe",
            r"\b(?:tidak|tak|gak|nggak|ga|ngga)\s+bisa\s+(?:ber)?napas\b|\bsesak\s+napas\b|\bsulit\s+(?:ber)?napas\b"
            r"|\btidak\s+bernapas\b",
            False,
        ),
        (
            STROKE,
            "face_droop",
            r"\bwajah\w*\s+(?:\S+\s+)?(?:mencong|miring|turun|perot)\b|\bbicara\w*\s+pelo\b|\blumpuh\s+sebelah\b",
            False,
        ),
        (SYNCOPE, "fainted", r"\bpingsan\b|\b(?:tidak|tak)\s+sadarkan\s+diri\b|\bkejang\w*", False),
        (SELF_HARM, "kill_self", r"\bbunuh\s+diri\b|\bmengakhiri\s+hidup\w*", False),
        (SELF_HARM, "want_to_die", r"\b(?:ingin|mau|pengen|pingin)\s+mati\b|\btidak\s+ingin\s+hidup\b", False),
        (OTHER, "ambulance", r"\bambulans\b", False),
    ),
    "tl": (
        (
            CARDIAC,
            "chest_pain",
            r"\b(?:masakit|sumasakit|kumikirot|naninikip|sobrang\s+sakit)\s+(?:\S+\s+){0,3}dibdib\b"
            r"|\bsakit\s+(?:sa|ng)\s+dibdib\b|\bdibdib\s+(?:ko\s+)?(?:ay\s+)?(?:masakit|sumasakit|naninikip)\b",
            False,
        ),
        (CARDIAC, "heart_attack", r"\binaatake\s+(?:\S+\s+){0,2}puso\b|\batake\s+sa\s+puso\b", False),
        (
            BREATHING,
            "cannot_breathe",
            r"\b(?:hindi|di)\s+(?:ako\s+|siya\s+|sya\s+)?makahinga\b|\bhirap\s+(?:\S+\s+)?huminga\b"
            r"|\bkinakapos\s+(?:ng\s+)?hininga\b|\bhindi\s+(?:na\s+)?humihinga\b",
            False,
        ),
        (
            STROKE,
            "face_droop",
            r"\b(?:mukha|bibig)\s+(?:\S+\s+)?(?:nakangiwi|ngiwi|tabingi|lumaylay)\b|\bhindi\s+makapagsalita\b"
            r"|\bna-?stroke\b",
            False,
        ),
        (
            SYNCOPE,
            "fainted",
            r"\bnahimatay\b|\bhinimatay\b|\bwalang\s+malay\b|\bnawalan\s+ng\s+malay\b|\bhindi\s+gumigising\b"
            r"|\bnangingisay\b|\bkombulsyon\b",
            False,
        ),
        (
            SELF_HARM,
            "kill_self",
            r"\bmagpakamatay\b|\bpatayin\s+(?:\S+\s+)?(?:ang\s+)?sarili\b|\bsaktan\s+(?:ang\s+)?(?:aking\s+)?sarili\b",
            False,
        ),
        (
            SELF_HARM,
            "want_to_die",
            r"\bgusto\s+(?:ko\s+)?(?:nang\s+|na\s+)?mamatay\b|\bayoko\s+(?:na\s+)?mabuhay\b"
            r"|\bayoko\s+na\s+(?:sa\s+)?buhay\b",
            False,
        ),
        (OTHER, "ambulance", r"\btumawag\s+(?:ng\s+)?ambulansya\b|\bambulansya\b", False),
    ),
    "vi": (
        (CARDIAC, "chest_pain", r"\b(?:dau|tuc|nhoi|that)\s+(?:\S+\s+)?nguc\b", False),
        (CARDIAC, "heart_attack", r"\bnhoi\s+mau\s+co\s+tim\b|\blen\s+con\s+dau\s+tim\b|\bcon\s+dau\s+tim\b", True),
        (
            BREATHING,
            "cannot_breathe",
            r"\b(?:khong|ko|k|hong)\s+(?:the\s+)?tho\s+(?:duoc|dc|noi)\b|\bkho\s+tho\b|\bnghet\s+tho\b|\bngat\s+tho\b"
            r"|\bkhong\s+con\s+tho\b",
            False,
        ),
        (
            STROKE,
            "face_droop",
            r"\b(?:mat|mieng)\s+(?:bi\s+)?(?:meo|lech|xe)\b|\bnoi\s+(?:ngong|lap|khong\s+ro)\b"
            r"|\bliet\s+(?:nua|mot\s+ben)\b",
            False,
        ),
        (STROKE, "stroke", r"\bdot\s+quy\b|\btai\s+bien\b", True),
        (STROKE, "stroke", r"\b(?:bi|dang\s+bi)\s+(?:dot\s+quy|tai\s+bien|nhoi\s+mau)", False),
        (
            SYNCOPE,
            "fainted",
            r"\bngat\s+(?:xiu|di)\b|\b(?:bi|da)\s+ngat\b|\bbat\s+tinh\b|\bhon\s+me\b|\bco\s+giat\b",
            False,
        ),
        (
            SELF_HARM,
            "kill_self",
            r"\btu\s+sat\b|\b(?:muon|dinh|se|nghi\s+den|nghi\s+toi|y\s+dinh)\s+tu\s+(?:tu|sat)\b"
            r"|\bket\s+lieu\s+(?:\S+\s+)?(?:cuoc\s+doi|ban\s+than)\b|\btu\s+lam\s+hai\b",
            False,
        ),
        (SELF_HARM, "want_to_die", r"\bmuon\s+chet\b|\bkhong\s+muon\s+song\b", False),
        (OTHER, "ambulance", r"\bcap\s+cuu\b|\bgoi\s+115\b", False),
    ),
    "sv": (
        (CARDIAC, "chest_pain", r"\bont\s+i\s+brostet\b|\bbrostsmart\w*|\bhjartinfarkt\b", False),
        (BREATHING, "cannot_breathe", r"\bkan\s+inte\s+andas\b|\bfar\s+inte\s+luft\b", False),
        (SYNCOPE, "fainted", r"\bsvimma\w*|\bmedvetslos\b", False),
        (SELF_HARM, "kill_self", r"\bsjalvmord\w*|\bta\s+livet\s+av\s+mig\b|\bvill\s+do\b", False),
    ),
    "da": (
        (
            CARDIAC,
            "chest_pain",
            r"\b(?:ondt|vondt)\s+i\s+brystet\b|\bbrystsmerter\b|\bhjerteanfald\b|\bhjerteinfarkt\b",
            False,
        ),
        (
            BREATHING,
            "cannot_breathe",
            r"\bkan\s+ikke\s+(?:traekke\s+vejret|puste)\b|\bklarer\s+ikke\s+a\s+puste\b",
            False,
        ),
        (SYNCOPE, "fainted", r"\bbesvim\w*|\bbevid?stlos\b", False),
        (SELF_HARM, "kill_self", r"\bselvmord\w*|\bvil\s+(?:gerne\s+)?do\b", False),
    ),
    "ro": (
        (
            CARDIAC,
            "chest_pain",
            r"\bdurer\w*\s+(?:\S+\s+)?(?:in|de)\s+piept\b|\bma\s+doare\s+(?:\S+\s+)?pieptul\b",
            False,
        ),
        (BREATHING, "cannot_breathe", r"\bnu\s+pot\s+(?:sa\s+)?respir\b|\bnu\s+mai\s+respira\b", False),
        (SYNCOPE, "fainted", r"\bles(?:in|ina)\w*|\binconstient\b", False),
        (SELF_HARM, "kill_self", r"\bsinucid\w*|\bvreau\s+sa\s+mor\b|\bsa\s+ma\s+omor\b", False),
    ),
    "cs": (
        (CARDIAC, "chest_pain", r"\bbolest\s+(?:\S+\s+)?na\s+hrudi\b|\bboli\s+me\s+na\s+hrudi\b", False),
        (BREATHING, "cannot_breathe", r"\bnem(?:u|o)(?:zu|hu)\s+dychat\b|\bnemuze\s+dychat\b", False),
        (SYNCOPE, "fainted", r"\bomdlel\w*|\bbezvedomi\b", False),
        (SELF_HARM, "kill_self", r"\bsebevrazd\w*|\bchci\s+zemrit\b|\bzabit\s+se\b", False),
    ),
    "hu": (
        (
            CARDIAC,
            "chest_pain",
            r"\bmellkasi\s+fajdalom\b|\bfaj\s+a\s+mellkasom\b|\bszivroham\w*|\binfarktus\w*",
            False,
        ),
        (BREATHING, "cannot_breathe", r"\bnem\s+kapok\s+levegot\b|\bfulladok\b", False),
        (SYNCOPE, "fainted", r"\belajult\b|\beszmeletlen\w*", False),
        (SELF_HARM, "kill_self", r"\bongyilkos\w*|\bmeg\s+akarok\s+halni\b", False),
    ),
    "ht": (
        (CARDIAC, "chest_pain", r"\bdoule\s+(?:\S+\s+)?(?:nan\s+)?(?:pwatrin|lestomak)\b|\bkriz\s+ke\b", False),
        (BREATHING, "cannot_breathe", r"\bpa\s+ka\s+respire\b", False),
        (SYNCOPE, "fainted", r"\bendispoze\b|\bpedi\s+konesans\b", False),
        (SELF_HARM, "kill_self", r"\bswisid\w*|\bvle\s+mouri\b|\btouye\s+tet\s+mwen\b", False),
        # fallen to the ground, not answering, not moving, fitting
        (
            OTHER,
            "person_down",
            r"\b(?:pa|p)\s+(?:reponn|reyaji|bouje|respire)\b|\btonbe\s+(?:a\s*te|ate|nan\s+tè|nan\s+te)\b"
            r"|\bkriz\s+(?:malkadi|epilepsi)\b|\bkonvilsyon\b",
            False,
        ),
    ),
    "el": (
        (
            CARDIAC,
            "chest_pain",
            r"πον\w*\s+(?:\S+\s+)?(?:στο\s+)?στηθος|πονα\w*\s+(?:\S+\s+)?(?:το\s+)?στηθος|εμφραγμα|καρδιακη\s+προσβολη",
            False,
        ),
        (BREATHING, "cannot_breathe", r"δεν\s+μπορω\s+να\s+αναπνευσω|δυσπνοια|πνιγομαι", False),
        (STROKE, "stroke", r"εγκεφαλικο", True),
        (SYNCOPE, "fainted", r"λιποθυμ\w*|αναισθητ\w*", False),
        (SELF_HARM, "kill_self", r"αυτοκτον\w*|θελω\s+να\s+πεθανω", False),
    ),
    "ru": (
        (
            OTHER,
            "person_down",
            r"\bне\s+двигается\b|\bупал\w*\s+(?:на\s+пол|на\s+землю|без\s+сознания)\b",
            False,
        ),  # not moving / fallen to the ground
        (
            CARDIAC,
            "chest_pain",
            r"\bбол\w*\s+(?:\S+\s+){0,3}(?:в|за)\s+груд\w*"
            r"|\bгруд\w*\s+(?:\S+\s+){0,2}(?:болит|давит|жжет|сдавил\w*|сжима\w*)|\bболит\s+(?:\S+\s+)?(?:в\s+)?груд\w*"
            r"|\bдавит\s+(?:в\s+)?груд\w*",
            False,
        ),
        (CARDIAC, "heart_attack", r"\bинфаркт\w*|\bсердечн\w*\s+приступ\w*|\bостановк\w*\s+сердца\b", True),
        (
            BREATHING,
            "cannot_breathe",
            r"\bне\s+(?:могу|может|можем)\s+(?:\S+\s+)?дышать\b|\bзадыха\w*|\bнечем\s+дышать\b|\bне\s+дышит\b"
            r"|\bудушь\w*|\bтрудно\s+дышать\b",
            False,
        ),
        (
            STROKE,
            "face_droop",
            r"\b(?:лицо|рот)\s+(?:\S+\s+){0,2}(?:перекос\w*|онемел\w*|опустил\w*)|\bперекосил\w*",
            False,
        ),
        (
            STROKE,
            "speech_difficulty",
            r"\bне\s+(?:могу|может)\s+(?:говорить|пошевелить)\b|\bневнятн\w*\s+реч\w*"
            r"|\bонемел\w*\s+(?:\S+\s+)?(?:рука|нога|половина)\b",
            False,
        ),
        (STROKE, "stroke", r"\bинсульт\w*", True),
        (
            SYNCOPE,
            "fainted",
            r"\bпотерял\w*\s+сознани\w*|\bбез\s+сознания\b|\bобморок\w*"
            r"|\bупал\w*\s+и\s+не\s+(?:встает|встаёт|двигается)\b",
            False,
        ),
        (OTHER, "unresponsive", r"\bне\s+(?:реагирует|приходит\s+в\s+себя)\b|\bсудорог\w*", False),
        (
            SELF_HARM,
            "kill_self",
            r"\bпокончить\s+с\s+собои\b|\bсуицид\w*|\bсамоубииств\w*|\bубить\s+себя\b"
            r"|\bсвести\s+сч[её]ты\s+с\s+жизнью\b",
            False,
        ),
        (SELF_HARM, "want_to_die", r"\bхочу\s+умереть\b|\bне\s+хочу\s+(?:больше\s+)?жить\b", False),
        (SELF_HARM, "overdose_intent", r"\bпередозировк\w*|\bнаглотать\w*\s+таблеток\b", False),
        (OTHER, "ambulance", r"\bскор\w*\s+помощ\w*|\bвызовите\s+врача\b", False),
    ),
    "uk": (
        (
            CARDIAC,
            "chest_pain",
            r"\bбіль\s+(?:\S+\s+){0,3}(?:в|у)\s+грудях\b|\bболить\s+(?:\S+\s+)?(?:в\s+|у\s+)?груд\w*",
            False,
        ),
        (CARDIAC, "heart_attack", r"\bінфаркт\w*|\bсерцев\w*\s+напад\w*", True),
        (BREATHING, "cannot_breathe", r"\bне\s+(?:можу|може)\s+(?:\S+\s+)?дихати\b|\bзадиха\w*|\bне\s+дихає\b", False),
        (STROKE, "stroke", r"\bінсульт\w*", True),
        (SYNCOPE, "fainted", r"\bзнепритомні\w*|\bвтрат\w*\s+свідомість\b|\bбез\s+свідомості\b", False),
        (
            SELF_HARM,
            "kill_self",
            r"\bсамогубств\w*|\bпокінчити\s+з\s+собою\b|\bхочу\s+померти\b|\bне\s+хочу\s+жити\b",
            False,
        ),
    ),
    "ar": (
        (
            OTHER,
            "person_down",
            r"(?:لا|ما|مش)\s+(?:يتحرك|تتحرك|بيتحرك|بتتحرك)|(?:سقط|سقطت|وقع|وقعت)\s+(?:على|علي)\s+(?:ال)?(?:ارض|أرض)",
            False,
        ),  # not moving / fallen to the ground
        (
            CARDIAC,
            "chest_pain",
            r"(?<!\S)[وبلف]?(?:الم|وجع|اوجاع|ضيق|ضغط)\s+(?:\S+\s+){0,2}(?:في\s+)?(?:ال)?صدر"
            r"|صدري\s+(?:\S+\s+)?(?:يولمني|يوجعني|يعورني)|(?:يولمني|يوجعني)\s+صدري",
            False,
        ),
        (CARDIAC, "heart_attack", r"نوبه\s+قلبيه|جلطه\s+(?:في\s+)?(?:ال)?قلب|ازمه\s+قلبيه|سكته\s+قلبيه", True),
        (
            BREATHING,
            "cannot_breathe",
            r"(?:لا|ما|مش|مو)\s+(?:استطيع|اقدر|اقدرش|يستطيع|يقدر|قادر|قادره)\s+(?:على\s+|ان\s+)?(?:ال)?(?:تنفس"
            r"|اتنفس|يتنفس)"
            r"|ضيق\s+(?:في\s+)?(?:ال)?(?:تنفس|نفس)|صعوبه\s+(?:في\s+)?(?:ال)?تنفس|اختناق|اختنق|لا\s+يتنفس",
            False,
        ),
        (
            STROKE,
            "face_droop",
            r"(?:وجه|فم)\S*\s+(?:\S+\s+)?(?:مائل|مايل|معوج|مشلول|مرتخي)"
            r"|لا\s+(?:يستطيع|استطيع|يقدر|اقدر)\s+(?:ال)?(?:كلام|تكلم|اتكلم|يتكلم)",
            False,
        ),
        (STROKE, "stroke", r"سكته\s+دماغيه|جلطه\s+(?:في\s+)?(?:ال)?دماغ|شلل\s+(?:نصفي|مفاجي)", True),
        (
            SYNCOPE,
            "fainted",
            r"(?:فقد|فقدت|فاقد|فاقده)\s+(?:ال)?وعي|اغمي\s+علي|اغماء|مغمي\s+علي|انهار|سقط\s+(?:فجاه|مغشيا)"
            r"|غاب\s+عن\s+الوعي",
            False,
        ),
        (OTHER, "unresponsive", r"لا\s+يستجيب|لا\s+يرد|تشنج\w*", False),
        (SELF_HARM, "kill_self", r"انتحار|انتحر|اقتل\s+نفسي|اوذي\s+نفسي|انهي\s+حياتي", False),
        (SELF_HARM, "want_to_die", r"(?:اريد|ابغى|ابي|بدي|عايز)\s+(?:ان\s+)?اموت|لا\s+اريد\s+(?:ان\s+)?اعيش", False),
        (OTHER, "ambulance", r"اسعاف", False),
    ),
    "fa": (
        (
            CARDIAC,
            "chest_pain",
            r"درد\s+(?:\S+\s+)?(?:قفسه\s+)?سينه|سينه\s*(?:ام\s+)?درد|حمله\s+قلبي|سكته\s+قلبي",
            False,
        ),
        (BREATHING, "cannot_breathe", r"نمي\s*تونم\s+نفس|نمي\s*توانم\s+نفس|تنگي\s+نفس|نفسم\s+بالا\s+نمي", False),
        (STROKE, "stroke", r"سكته\s+مغزي", True),
        (SYNCOPE, "fainted", r"بيهوش|غش\s+كرد", False),
        (SELF_HARM, "kill_self", r"خودكشي|مي\s*خواهم\s+بميرم|ميخوام\s+بميرم", False),
    ),
    "ur": (
        (CARDIAC, "chest_pain", r"سينے\s+ميں\s+(?:\S+\s+)?درد|دل\s+كا\s+دوره", False),
        (BREATHING, "cannot_breathe", r"سانس\s+(?:نہيں|نهيں)\s+(?:آ|ا|لے|لي)", False),
        (SYNCOPE, "fainted", r"بے\s*ہوش|بے\s*هوش", False),
        (SELF_HARM, "kill_self", r"خودكشي|مرنا\s+چاہت", False),
    ),
    "he": (
        (CARDIAC, "chest_pain", r"כאב(?:ים)?\s+(?:\S+\s+)?ב?חזה|התקף\s+לב", False),
        (BREATHING, "cannot_breathe", r"לא\s+(?:יכול|יכולה)\s+לנשום|קשה\s+לי\s+לנשום", False),
        (STROKE, "stroke", r"שבץ", True),
        (SYNCOPE, "fainted", r"התעלפ\S*|איבד\S*\s+הכרה|מחוסר\S*\s+הכרה", False),
        (SELF_HARM, "kill_self", r"להתאבד|התאבדות|רוצה\s+למות", False),
    ),
    "hi": (
        (CARDIAC, "chest_pain", r"(?:सीने|छाती)\s+(?:में\s+)?(?:\S+\s+){0,3}(?:दर्द|जकड़न|दबाव|भारीपन|जलन)", False),
        (CARDIAC, "heart_attack", r"दिल\s+का\s+दौरा|हार्ट\s+अटैक", True),
        (
            BREATHING,
            "cannot_breathe",
            r"(?:सांस|साँस|श्वास)\s+(?:\S+\s+)?(?:नहीं|नही)\s+(?:आ|ले)"
            r"|(?:सांस|साँस)\s+लेने\s+में\s+(?:\S+\s+)?(?:तकलीफ|दिक्कत|परेशानी|मुश्किल)|दम\s+घुट|(?:सांस|साँस)\s+फूल",
            False,
        ),
        (
            STROKE,
            "face_droop",
            r"(?:मुंह|मुँह|चेहरा|चेहरे)\s+(?:\S+\s+){0,2}(?:टेढ़ा|टेढा|लटक|तिरछा)|बोल\s+नहीं\s+पा",
            False,
        ),
        (STROKE, "stroke", r"लकवा|ब्रेन\s+स्ट्रोक|स्ट्रोक", True),
        (SYNCOPE, "fainted", r"बेहोश|होश\s+(?:खो|नहीं)|चक्कर\s+खाकर\s+गिर", False),
        (SELF_HARM, "kill_self", r"आत्महत्या|खुदकुशी|ख़ुदकुशी|अपनी\s+जान\s+(?:ले|दे)|खुद\s+को\s+(?:मार|नुकसान)", False),
        (SELF_HARM, "want_to_die", r"मरना\s+चाहत|जीना\s+नहीं\s+चाहत", False),
        (OTHER, "ambulance", r"एंबुलेंस|एम्बुलेंस", False),
    ),
    # Romanised Hindi (Hinglish), as typed on phones; replies go out in Hindi.
    "hi-Latn": (
        (
            CARDIAC,
            "chest_pain",
            r"\b(?:seene|sine|seena|chhati|chati|chaati)\s+(?:me|mein|main|mai|mei)\s+(?:\S+\s+){0,2}(?:dard|jalan|daba"
            r"v|dabaav)\b",
            False,
        ),
        (CARDIAC, "heart_attack", r"\bdil\s+ka\s+daura\b", True),
        (
            BREATHING,
            "cannot_breathe",
            r"\bsaa?ns\s+(?:\S+\s+)?(?:nahi|nahin|nhi|nai)\s+(?:aa|le|ho)\w*"
            r"|\bsaa?ns\s+lene\s+(?:me|mein|mai)\s+(?:\S+\s+)?(?:takleef|taklif|dikkat|problem)\b",
            False,
        ),
        (SYNCOPE, "fainted", r"\bbehosh\b|\bbehos\b", False),
        (STROKE, "stroke", r"\blakwa\b|\blakva\b", True),
        (
            SELF_HARM,
            "kill_self",
            r"\baatmahatya\b|\batmahatya\b|\bkhudkushi\b|\bmarna\s+chaht[aie]\b|\bjeena\s+nahi\s+chaht[aie]\b",
            False,
        ),
    ),
    "zh": (
        (
            OTHER,
            "person_down",
            r"不动了|一动不动|一動不動|倒在地上|倒地不起|晕倒|暈倒",
            False,
        ),  # not moving / fallen to the ground
        (
            CARDIAC,
            "chest_pain",
            r"胸(?:口|部|前)?(?:很|好|非常|特别|特別|剧烈|劇烈|有点|一直)?(?:痛|疼|闷|悶|压|壓|紧|緊|绞|絞)|心口(?:痛|疼)|心绞痛|心絞痛"
            r"|心脏?(?:很|好|非常|特别|特別|剧烈|劇烈|有点|一直)?(?:痛|疼)",
            False,
        ),
        (CARDIAC, "heart_attack", r"心脏病(?:发作|犯了)|心臟病(?:發作|犯了)|心梗|心肌梗[塞死]|心脏骤停|心臟驟停", True),
        (
            BREATHING,
            "cannot_breathe",
            r"喘不(?:过|過|上)气|喘不(?:过|過)來|呼吸困[难難]|(?:不能|无法|無法|没法|沒法)呼吸|透不(?:过|過)气|上不来气|窒息"
            r"|(?:没有|沒有|没|沒|不)(?:在)?呼吸(?!困难|困難|问题|問題|急促|正常)",
            False,
        ),
        (
            STROKE,
            "face_droop",
            r"口齿不清|口齒不清|说话不清|說話不清|嘴(?:巴)?(?:歪|斜)|(?:脸|臉)(?:部)?(?:歪|下垂|麻)|半身(?:不遂|麻木|无力|無力)|一侧(?:无力|麻木)|一側(?:無力|麻木)",
            False,
        ),
        (STROKE, "stroke", r"中风|中風|脑卒中|腦卒中|脑梗|腦梗|脑溢血|腦溢血", True),
        (SYNCOPE, "fainted", r"晕倒|暈倒|昏倒|昏迷|晕过去|暈過去|晕厥|暈厥|倒下了|倒地不起", False),
        (
            OTHER,
            "unresponsive",
            r"失去(?:了)?(?:意识|意識|知觉|知覺)|不省人事|(?:没有|沒有|没|沒)(?:了)?反应|(?:没有|沒有|没|沒)(?:了)?反應|叫不醒|抽搐|(?:没有|沒有)(?:了)?(?:脉搏|脈搏)",
            False,
        ),
        (
            SELF_HARM,
            "kill_self",
            r"自杀|自殺|轻生|輕生|割腕|(?:伤害|傷害)自己|(?:结束|結束)(?:我的|自己的)?生命|跳楼|跳樓",
            False,
        ),
        (SELF_HARM, "want_to_die", r"不想活|想死|活不下去|(?:吃了|吃掉)(?:一整瓶|所有的?|全部的?)(?:药|藥)", False),
        (OTHER, "ambulance", r"救护车|救護車|打120|救命", False),
    ),
    "ja": (
        (
            CARDIAC,
            "chest_pain",
            r"(?:胸|心臓)(?:が|の)?(?:すごく|とても|急に)?(?:痛(?!くない|くありません)|苦し(?!くない)|締め付け|しめつけ|圧迫)",
            False,
        ),
        (CARDIAC, "heart_attack", r"心筋梗塞|心臓発作|狭心症", True),
        (
            BREATHING,
            "cannot_breathe",
            r"息(?:が)?(?:できない|出来ない|苦しい|ができません)|呼吸(?:が)?(?:できない|出来ない|困難|苦しい)|窒息",
            False,
        ),
        (
            STROKE,
            "face_droop",
            r"ろれつが回らない|呂律が回らない|顔(?:が)?(?:歪|ゆが|麻痺)|片側(?:の)?(?:麻痺|しびれ)|(?:手足|腕|足)(?:が)?(?:動かない|しびれ)",
            False,
        ),
        (STROKE, "stroke", r"脳卒中|脳梗塞|脳出血", True),
        (SYNCOPE, "fainted", r"気を失|意識(?:が)?(?:ない|不明|を失)|倒れ(?:た|て|ました|ちゃ)|失神", False),
        (OTHER, "unresponsive", r"反応(?:が)?ない|けいれん|痙攣", False),
        (
            SELF_HARM,
            "kill_self",
            r"死にたい|自殺|消えたい|生きていたくない|生きたくない|自傷|リストカット|首を吊",
            False,
        ),
        (OTHER, "ambulance", r"救急車", False),
    ),
    "ko": (
        (
            CARDIAC,
            "chest_pain",
            r"가슴(?:이|에|이\s*너무|이\s*많이)?\s*(?:너무\s*|많이\s*|심하게\s*)?(?:아파|아프|통증|답답|조여|압박)|흉통",
            False,
        ),
        (CARDIAC, "heart_attack", r"심장\s*마비|심근\s*경색|심장\s*발작", True),
        (
            BREATHING,
            "cannot_breathe",
            r"숨(?:을|이)?\s*(?:쉴\s*수\s*(?:가\s*)?없|못\s*쉬|막혀|막히|차요|가빠)|숨\s*(?:을\s*)?쉬기(?:가)?\s*(?:힘들|어려)"
            r"|호흡\s*곤란|질식",
            False,
        ),
        (
            STROKE,
            "face_droop",
            r"말이\s*어눌|발음이\s*(?:이상|어눌)|얼굴(?:이)?\s*(?:마비|처지|비뚤)|한쪽(?:이)?\s*(?:마비|힘이\s*없)",
            False,
        ),
        (STROKE, "stroke", r"뇌졸중|중풍|뇌경색|뇌출혈", True),
        (SYNCOPE, "fainted", r"기절|의식(?:이|을)?\s*(?:없|잃)|쓰러졌|쓰러져|실신", False),
        (OTHER, "unresponsive", r"반응(?:이)?\s*없|경련", False),
        (SELF_HARM, "kill_self", r"자살|죽고\s*싶|살고\s*싶지\s*않|자해|목숨을\s*끊", False),
        (OTHER, "ambulance", r"구급차|119\s*(?:에|를|불러|신고)", False),
    ),
    "th": (
        (CARDIAC, "chest_pain", r"เจ็บหน้าอก|แน่นหน้าอก|หัวใจวาย", False),
        (BREATHING, "cannot_breathe", r"หายใจไม่ออก|หายใจลำบาก", False),
        (STROKE, "stroke", r"อัมพาต|หลอดเลือดสมอง|ปากเบี้ยว", False),
        (SYNCOPE, "fainted", r"หมดสติ|เป็นลม", False),
        (SELF_HARM, "kill_self", r"ฆ่าตัวตาย|อยากตาย", False),
    ),
}

# Scripts: a language's patterns only run when the text holds a letter of its script.
_SCRIPT_OF = {
    "ru": "cyrillic",
    "uk": "cyrillic",
    "el": "greek",
    "ar": "arabic",
    "fa": "arabic",
    "ur": "arabic",
    "he": "hebrew",
    "th": "thai",
    "zh": "han",
    "ja": "han",
    "ko": "hangul",
    "hi": "devanagari",
}
_SCRIPT_RANGES = {
    "cyrillic": re.compile("[\u0400-\u04ff]"),
    "greek": re.compile("[\u0370-\u03ff]"),
    "arabic": re.compile("[\u0600-\u06ff\u0750-\u077f]"),
    "hebrew": re.compile("[\u0590-\u05ff]"),
    "thai": re.compile("[\u0e00-\u0e7f]"),
    "han": re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]"),
    "hangul": re.compile("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]"),
    "devanagari": re.compile("[\u0900-\u097f]"),
}
_KANA = re.compile("[\u3040-\u30ff]")

_ENTRIES: tuple[_Entry, ...] = tuple(
    _Entry(lang, category, signal, re.compile(_fold_pattern(rx)), weak)
    for lang, rows in _LEXICON.items()
    for category, signal, rx, weak in rows
)
# One alternation per language as a pre-filter: most messages match none of a language's patterns, and one
# search costs less than a dozen. Only a language whose union matches has its entries run one by one.
_BY_LANGUAGE: tuple[tuple[str, re.Pattern[str], tuple[_Entry, ...]], ...] = tuple(
    (
        lang,
        re.compile("|".join(f"(?:{_fold_pattern(rx)})" for _, _, rx, _ in rows)),
        tuple(e for e in _ENTRIES if e.language == lang),
    )
    for lang, rows in _LEXICON.items()
)

# Negators that void a match when they stand just before it (same clause), per script family. Many
# patterns contain their own negation ("no puedo respirar", "不想活"): the window only looks before a match.
_NEGATOR_WORDS = {
    "es": "no sin nunca ningun ninguna ningún tampoco",
    "fr": "pas sans aucun aucune jamais ni",
    "de": "kein keine keinen keiner keinerlei nicht ohne nie niemals",
    "pt": "não nao sem nenhum nenhuma",
    "it": "non senza nessun nessuna mai",
    "nl": "geen niet zonder nooit",
    "pl": "nie bez żadnego żadnej",
    "ru, uk": "не нет без никогда немає",
    "id": "tidak tak tanpa bukan gak nggak",
    "tl": "walang wala hindi",
    "vi": "không chưa chẳng",
    "sv, da, nb": "inte ingen inga utan ikke uden uten",
    "ro": "fără fara",
    "cs": "žádná žádné",
    "hu": "nem nincs nincsen",
    "el": "δεν χωρίς όχι",
    "ar": "لا ليس ليست بدون مافي ماكو مش",
    "he": "לא אין בלי ללא",
    "hi": "बिना",
    "en (mixed-language messages)": "not never without nor",
}
_PRE_NEGATORS = frozenset(fold(w) for words in _NEGATOR_WORDS.values() for w in words.split())
_CJK_NEGATORS = re.compile("[没沒不无無未别別]")
# Negators that follow the symptom (Hindi "दर्द नहीं है", Japanese "痛くない", Korean "아프지 않", Turkish "yok").
_POST_NEGATOR = re.compile(r"^\s*(?:नहीं|नही|nahi|nahin|nhi|yok|degil|없|않|안\s|じゃない|ではない|ない|ありません)")
_CLAUSE_BREAK = re.compile(
    r"[.!?;,\n。！？；，、،؛]+|\b(?:pero|mais|aber|mas|ma|maar|ale|но|але|however)\b|但是|可是|しかし|하지만|لكن|लेकिन|\bnhung\b"
)
_SENTENCE_BREAK = re.compile(r"[.!?\n。！？¿¡؟]+")
# Resolved or past markers (for physical symptoms only), folded.
_RESOLVED = re.compile(
    _fold_pattern(
        r"\bhace\s+(?:\d+|un|una|unos|unas|dos|tres|varios|varias|muchos|muchas)\s+(?:anos?|mes(?:es)?|semanas?"
        r"|dias?)\b"
        # past tenses of "had / suffered" (es, pt, fr, de, it)
        r"|\b(?:tuvo|tuve|sufrio|sufri|ha\s+tenido|he\s+tenido|teve|tive|sofreu|a\s+eu|ai\s+eu|avait|hatte|gehabt"
        r"|ha\s+avuto|ho\s+avuto|aveva|ebbe)\b"
        r"|\b(?:el|la)\s+(?:ano|mes|semana)\s+pasad[oa]\b|\bmurio\s+(?:de|por)\b|\bantecedentes\b"
        r"|\bya\s+(?:se\s+)?(?:me\s+)?(?:paso|fue|quito)\b"
        r"|\bil\s+y\s+a\s+(?:\d+|un|une|deux|trois|quelques|plusieurs)\s+(?:ans?|mois|semaines?|jours?)\b"
        r"|\bl'?\s*an(?:nee)?\s+derniere?\b|\b(?:le\s+mois|la\s+semaine)\s+derni(?:er|ere)\b"
        r"|\bmort\w*\s+d'?\s*(?:un|une)\b|\bantecedents\b"
        r"|\bvor\s+(?:\d+|einem|einer|zwei|drei|ein\s+paar|einigen|vielen)\s+(?:jahren?|monaten?|wochen?|tagen?)\b"
        r"|\bletzte[ns]?\s+(?:jahr|monat|woche)\b|\b(?:gestorben|starb)\s+an\b|\bvorgeschichte\b"
        r"|\b(?:ha|faz)\s+(?:\d+|um|uma|dois|duas|tres|alguns|algumas)\s+(?:anos?|mes(?:es)?|semanas?)\b"
        r"|\b(?:ano|mes)\s+passado\b|\bsemana\s+passada\b|\bmorreu\s+de\b"
        r"|\b(?:\d+|un|due|tre|alcuni|qualche)\s+(?:anni|anno|mesi|mese|settimane|settimana)\s+fa\b"
        r"|\bl'?\s*anno\s+scorso\b"
        r"|\b(?:il\s+mese|la\s+settimana)\s+scors[oa]\b|\bmort[oa]\s+di\b"
        r"|\b(?:jaar|maanden|weken)\s+geleden\b|\bvorig\s+jaar\b|\bvorige\s+(?:maand|week)\b|\boverleden\s+aan\b"
        r"|\b(?:lat|miesiecy|tygodni)\s+temu\b|\bw\s+zeszlym\s+roku\b|\bzmarl\w*\s+na\b"
        r"|\bgecen\s+(?:yil|ay|hafta)\b|\b(?:yil|ay|hafta)\s+once\b"
        r"|\b(?:лет|года|год|месяц\w*|недел\w*)\s+назад\b|\bв\s+прошлом\s+(?:году|месяце)\b|\bумер\w*\s+от\b"
        r"|去年|上个月|上個月|上周|上週|以前|之前|年前|死于|死於|去世|过世|過世|先月|先週|昔|亡くな|작년|지난달|지난주|예전"
        r"|العام\s+الماضي|منذ\s+\S+\s+(?:سنوات|سنه|اشهر|شهور)|توفي"
        r"|पिछले\s+(?:साल|महीने|हफ्ते)|साल\s+पहले|की\s+मौत"
        r"|\bnam\s+(?:ngoai|truoc)\b|\bthang\s+truoc\b|\btuan\s+truoc\b|\bnakaraang\s+taon\b|\bnamatay\s+sa\b"
        r"|\btahun\s+lalu\b"
    )
)
# Informational frames, folded. Question openers only void bare condition names ("¿qué es un infarto?"):
# "que no puedo respirar" opens with "que" too. "Symptoms of / causes of / risk of" void any physical match.
_QUESTION = re.compile(
    _fold_pattern(
        r"^\W*(?:que|qué|cuales|cuál|como|cómo|por\s+que|quels?|quelles?|comment|pourquoi|was|wie|warum|welche"
        r"|quais|qual|quali|che\s+cos|come|perche|wat|hoe|waarom|jakie|jak|dlaczego|nedir|nasil|что|как|почему|какие"
        r"|каковы|ما|كيف|क्या|कैसे|paano|bakit|ano|apa|bagaimana)\b"
    )
)
_INFO = re.compile(
    _fold_pattern(
        r"\b(?:sintomas?|signos?|senales|causas?|riesgos?|symptomes?|signes?|causes?|risques?|symptome|anzeichen"
        r"|ursachen?|risiko|sintomi|segni|cause|rischio|risco|symptomen|oorzaak|objawy|przyczyn\w*|belirtiler\w*"
        r"|симптом\w*|признак\w*|причин\w*|риск\w*|gejala|penyebab|sintomas|trieu\s+chung|nguyen\s+nhan)\b"
        r"|症状|征兆|原因|风险|風險|什么是|什麼是|如何预防|如何預防|とは|증상|원인|اعراض|سبب|لماذا|लक्षण|कारण"
    )
)
_PRESENT = re.compile(
    _fold_pattern(
        r"\b(?:ahora|ahorita|estoy|esta\s+teniendo|creo\s+que|ayuda|auxilio|socorro|maintenant|en\s+ce\s+moment"
        r"|me\s+esta|le\s+esta|esta\s+(?:dando|sufriendo)|estou\s+tendo|esta\s+tendo|en\s+train|sto\s+avendo"
        r"|je\s+crois|je\s+pense|je\s+fais|aidez|au\s+secours|jetzt|gerade|ich\s+glaube|ich\s+habe|er\s+hat|sie\s+hat"
        r"|hilfe|agora|estou|acho\s+que|ajuda|adesso|ora|sto|penso|credo|aiuto|nu|ik\s+denk|ik\s+heb|help|teraz"
        r"|chyba|mam|pomocy|simdi|galiba|yardim|сеичас|кажется|у\s+меня|помогите|bay\s+gio|dang|toi\s+nghi"
        r"|ngayon|tulong|sekarang|tolong)\b"
        r"|现在|現在|正在|我觉得|我覺得|好像|救命|今|いま|助けて|지금|도와|الان|اعتقد|ساعدوني|अभी|मुझे|लगता|रहा\s+है|रही\s+है"
    )
)
_TOKEN = re.compile(r"\w+")
# rounds 45-50: a bare condition name as the object of "after" ("rok po zawale", "después del infarto", "nach dem
# Schlaganfall") is an event of the past the message is dated from, not one happening now; only the bare name is
# voided (a chest pain "a year after the heart attack" is still caught by its own entry)
_AFTER_EVENT = re.compile(
    _fold_pattern(
        r"\b(?:po|despues\s+(?:de\s+(?:mi|su|un|una|la)|del)|depois\s+(?:do|da|de\s+um|de\s+uma)|apres\s+(?:mon|ma|son"
        r"|sa|un|une|l')|nach\s+(?:dem|meinem|seinem|ihrem|einem|der|meiner|seiner|ihrer|einer)|dopo\s+(?:il|l'|un|una"
        r"|la)|na\s+(?:de|het|mijn|zijn|haar|een))\s*(?:(?:przebyt\w*|przebytym|ostatni\w*|pierwsz\w*|drug\w*|ersten"
        r"|zweiten|primer|segundo|premier|second|primo|eerste)\s+)?$"
    )
)

# rounds 51-53: a chest pain that comes with exertion ("cuando camino rápido", "beim Treppensteigen", "à l'effort")
# asked about as "is it normal" in a message with no present-tense marker is a question about exertional pain (the
# clinician's stable angina question), not a pain happening now; only the chest pain entry is voided, any other
# signal in the message (breathlessness, collapse) and a pain "now" still count
_EXERTION = re.compile(
    _fold_pattern(
        r"\b(?:cuando\s+(?:camino|subo|corro|hago\s+(?:ejercicio|deporte)|me\s+esfuerzo)|al\s+(?:caminar|subir|correr"
        r"|hacer\s+(?:ejercicio|deporte)|esforzarme)|caminando|subiendo|corriendo|haciendo\s+(?:ejercicio|deporte)"
        r"|con\s+el\s+esfuerzo|quando\s+(?:caminho|subo|corro|faco\s+exercicio|cammino|salgo|faccio\s+(?:sport"
        r"|esercizio))|ao\s+(?:caminhar|subir|correr)|fazendo\s+exercicio|camminando|salendo|sotto\s+sforzo"
        r"|quand\s+je\s+(?:marche|monte|cours|fais\s+du\s+sport)|en\s+(?:marchant|montant|courant)|a\s+l'effort"
        r"|pendant\s+l'effort|beim\s+(?:gehen|laufen|treppensteigen|sport|joggen|radfahren)|bei\s+belastung"
        r"|wenn\s+ich\s+(?:gehe|laufe|renne|treppen\s+steige|sport\s+mache)|przy\s+(?:wysilku|chodzeniu)"
        r"|podczas\s+(?:chodzenia|wysilku|biegania)|(?:kiedy|gdy)\s+(?:chodze|biegam|wchodze))\b"
    )
)
_IS_IT_NORMAL = re.compile(
    _fold_pattern(
        r"\b(?:(?:es|sera|eso\s+es|esto\s+es|e|isso\s+e|c'est|est-ce|ist\s+(?:das|es|dies)|czy\s+to\s+(?:jest\s+)?"
        r"|to\s+(?:jest\s+)?|is\s+(?:dat|het))\s*(?:normal|normale|normalne|normaal)|normal\s*\?)"
    )
)


def _exertion_question(folded: str) -> bool:
    """A pain on exertion asked about as "is it normal", with no present-tense marker in the message."""
    return bool(_IS_IT_NORMAL.search(folded) and _EXERTION.search(folded) and not _PRESENT.search(folded))


def _negated(seg: _text.TextSegments, start: int, end: int) -> bool:
    text = seg.text
    c_start, c_end = seg.span(_CLAUSE_BREAK, start)
    before = text[max(c_start, start - NEGATION_LOOKBACK_CHARS) : start]
    if any(tok in _PRE_NEGATORS for tok in _TOKEN.findall(before)[-NEGATION_WINDOW_TOKENS:]):
        return True
    if _CJK_NEGATORS.search(before[-CJK_NEGATION_WINDOW_CHARS:]):
        return True
    return bool(_POST_NEGATOR.search(text[end : min(c_end, end + NEGATION_LOOKBACK_CHARS)]))


def _scripts_present(text: str) -> set[str]:
    return {name for name, rx in _SCRIPT_RANGES.items() if rx.search(text)}


def _lexicon_words() -> frozenset[str]:
    """Whole Latin-script words of 5+ letters written literally in the lexicons ("respirar", "bewusstlos"):
    the vocabulary a typo is corrected to. Stems that a pattern continues ("suicid(?:io|a)") are left out."""
    words: set[str] = set()
    for rows in _LEXICON.values():
        for _, _, rx, _ in rows:
            for m in _LITERAL_WORD.finditer(_fold_pattern(rx)):
                words.add(m.group(1).lower())
    return frozenset(words)


# A literal word in a pattern: after a boundary, whitespace token, group start or alternation bar, and
# followed by a boundary, whitespace token, group end or bar (not by a character class, group or quantifier).
_LITERAL_WORD = re.compile(r"(?:(?<=\\b)|(?<=\\s\+)|(?<=\\s\*)|(?<=[(|:]))([a-z]{5,})(?=\\b|\\s|\\W|[)|]|$)")
_TYPO_VOCAB: _text.FuzzyVocabulary | None = None


# Everyday words one edit from a lexicon word that must stay themselves (folded): German "fällt" (falls: "mein
# Puls fällt nachts auf 50") is not "lallt" (slurs).
_NEVER_CORRECTED = ("fallt",)


def typo_vocab() -> _text.FuzzyVocabulary:
    """The typo vocabulary of the lexicons, built on first use (about 5 ms)."""
    global _TYPO_VOCAB
    if _TYPO_VOCAB is None:
        # words seen in the labelled messages (English ones among them: "suicidal" is no typo of "suicidaal")
        # are never corrected
        _TYPO_VOCAB = _text.FuzzyVocabulary(_lexicon_words(), (*learned.known_words(), *_NEVER_CORRECTED), min_len=5)
    return _TYPO_VOCAB


def detect(text: str) -> list[I18nHit]:
    """Emergency signals in the non-English lexicons, in text order; empty when there are none.

    When the text as written matches nothing, its words within one edit of a lexicon word are corrected and
    the lexicons run once more ("non riesco a repsirare", "ich wiol sterben" has no typo fixed: too short).
    """
    folded = fold(text)
    hits = _detect_folded(folded)
    if hits or _exertion_question(folded):
        # an exertional pain asked about as "is it normal" was read as written: a "corrected" word must not
        # hide its exertion ("cuando corro" is no typo of "corto")
        return hits
    corrected = typo_vocab().correct_text(folded)
    return _detect_folded(corrected) if corrected != folded else []


def _detect_folded(folded: str) -> list[I18nHit]:
    if not folded:
        return []
    scripts = _scripts_present(folded)
    n_tokens = len(_TOKEN.findall(folded))
    hits: list[I18nHit] = []
    seg = _text.TextSegments(folded)
    for language, union, entries in _BY_LANGUAGE:
        script = _SCRIPT_OF.get(language)
        if (script is not None and script not in scripts) or not union.search(folded):
            continue
        hits.extend(_entry_hits(entries, seg, n_tokens))
    hits.sort(key=lambda h: h.start)
    return hits


def _entry_hits(entries: tuple[_Entry, ...], seg: _text.TextSegments, n_tokens: int) -> list[I18nHit]:
    folded = seg.text
    hits: list[I18nHit] = []
    for entry in entries:
        for m in entry.regex.finditer(folded):
            if _negated(seg, m.start(), m.end()):
                continue
            if entry.category != SELF_HARM:
                c_start, c_end = seg.span(_CLAUSE_BREAK, m.start())
                if seg.has(_RESOLVED, c_start, c_end):
                    continue
                s_start, s_end = seg.span(_SENTENCE_BREAK, m.start())
                present = seg.has(_PRESENT, s_start, s_end)
                if not present and seg.has(_INFO, s_start, s_end):
                    continue
                question = seg.has(_QUESTION, s_start, s_end)
                if entry.weak and not present and (n_tokens > SHORT_MESSAGE_TOKENS or question):
                    continue
                if entry.weak and not present and _AFTER_EVENT.search(folded[max(0, m.start() - 40) : m.start()]):
                    continue
                if entry.signal == "chest_pain" and _exertion_question(folded) and seg.has(_EXERTION, c_start, c_end):
                    continue
            hits.append(I18nHit(entry.language, entry.category, entry.signal, m.start()))
    return hits


def language_of(hits: list[I18nHit], text: str) -> str | None:
    """The language to reply in: that of the first hit (Han text with kana is Japanese)."""
    if not hits:
        return None
    language = hits[0].language.split("-")[0]
    if language in ("zh", "ja"):
        return "ja" if _KANA.search(text) else "zh"
    return language
