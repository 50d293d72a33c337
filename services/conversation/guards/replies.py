"""Fixed reply texts of the input guards. No model is involved in any of them."""

from __future__ import annotations

from services.conversation.guards.emergency import SELF_HARM, STROKE

EMERGENCY_REPLY = (
    "This could be a medical emergency. Call 911 (or your local emergency number) now, or ask someone "
    "near you to call. Do not wait and do not drive yourself. If you are with the person, stay with them "
    "until help arrives. I can't give medical advice in an emergency; emergency services can."
)
STROKE_REPLY = (
    "These could be signs of a stroke. Call 911 (or your local emergency number) now. Remember FAST: "
    "Face drooping, Arm weakness, Speech difficulty, Time to call 911. Note the time the symptoms "
    "started and tell the emergency team. I can't give medical advice in an emergency; emergency services can."
)
SELF_HARM_REPLY = (
    "I'm really sorry you're feeling this way, and I'm glad you told me. You don't have to go through "
    "this alone. Please call or text 988 to reach the 988 Suicide & Crisis Lifeline (US), free and open "
    "24/7, or chat at 988lifeline.org. If you are in immediate danger or have already hurt yourself, "
    "call 911 now. If you're outside the US, please call your local emergency number."
)
OFF_TOPIC_REPLY = (
    "I'm your heart-health assistant, so I can't help with that one. I can help with your blood "
    "pressure, heart rate, steps and activity, sleep, weight, diet, stress, questions about your "
    "medication (to discuss with your clinician), and your devices and readings. What would you like to know?"
)
# The plan's daily message limit; the window resets at the user's local midnight (see abuse.py).
RATE_LIMIT_REPLY = (
    "You've reached today's message limit. It resets at midnight your local time, so we can pick up "
    "again then. If this is an emergency, call 911 (or your local emergency number) now."
)
SLOW_DOWN_REPLY = "You're sending messages very quickly. Please wait a few seconds and try again."
REFUSED_REPLY = (
    "I can't help with that request. I can only discuss your own health data and heart-health topics. "
    "What would you like to know about your readings, activity or sleep?"
)
TOO_LONG_REPLY = (
    "That message is too long for me to read in one go (the limit is {limit} characters). "
    "Could you shorten it or split it into a few messages?"
)
SPAM_REPLY = "It looks like you sent the same message several times. I've answered it already above."

# Replies for unsupported languages, in that language, each naming English as the supported language.
UNSUPPORTED_LANGUAGE_REPLIES: dict[str, str] = {
    "en": "Sorry, I can only chat in English for now. Please write your message in English.",
    "es": "Lo siento, por ahora solo puedo conversar en inglés. Por favor, escribe tu mensaje en inglés.",
    "fr": "Désolé, je ne peux discuter qu'en anglais pour le moment. Merci d'écrire votre message en anglais.",
    "de": (
        "Entschuldigung, ich kann derzeit nur auf Englisch antworten. Bitte schreiben Sie Ihre Nachricht auf Englisch."
    ),
    "pt": "Desculpe, por enquanto só consigo conversar em inglês. Por favor, escreva sua mensagem em inglês.",
    "it": "Mi dispiace, per ora posso conversare solo in inglese. Per favore, scrivi il tuo messaggio in inglese.",
    "nl": "Sorry, ik kan voorlopig alleen in het Engels chatten. Schrijf je bericht alsjeblieft in het Engels.",
    "pl": "Przepraszam, na razie mogę rozmawiać tylko po angielsku. Napisz proszę wiadomość po angielsku.",
    "ru": "Извините, пока я могу общаться только на английском языке. Пожалуйста, напишите сообщение на английском.",
    "uk": "Вибачте, поки що я можу спілкуватися лише англійською мовою. Будь ласка, напишіть повідомлення англійською.",
    "zh": "抱歉，我目前只能用英语交流。请用英语发送您的消息。",
    "ja": "申し訳ありませんが、現在は英語でのみ対応しています。英語でメッセージを送ってください。",
    "ko": "죄송합니다. 현재는 영어로만 대화할 수 있습니다. 영어로 메시지를 보내 주세요.",
    "ar": "عذرًا، يمكنني حاليًا التحدث باللغة الإنجليزية فقط. يرجى كتابة رسالتك باللغة الإنجليزية.",
    "hi": "क्षमा करें, अभी मैं केवल अंग्रेज़ी में बात कर सकता हूँ। कृपया अपना संदेश अंग्रेज़ी में लिखें।",
    "vi": "Xin lỗi, hiện tôi chỉ có thể trò chuyện bằng tiếng Anh. Vui lòng viết tin nhắn bằng tiếng Anh.",
    "tl": "Paumanhin, sa ngayon ay Ingles lamang ang kaya kong gamitin. Pakisulat ang iyong mensahe sa Ingles.",
    "tr": "Üzgünüm, şu anda yalnızca İngilizce konuşabiliyorum. Lütfen mesajınızı İngilizce yazın.",
    "fa": "متأسفم، در حال حاضر فقط می‌توانم به زبان انگلیسی گفتگو کنم. لطفاً پیام خود را به انگلیسی بنویسید.",
    "id": (
        "Maaf, saat ini saya hanya bisa mengobrol dalam bahasa Inggris. Silakan tulis pesan Anda dalam bahasa Inggris."
    ),
}


def emergency_reply(category: str | None) -> str:
    """The fixed reply for an emergency category (988 for self-harm, FAST for stroke, else 911)."""
    if category == SELF_HARM:
        return SELF_HARM_REPLY
    if category == STROKE:
        return STROKE_REPLY
    return EMERGENCY_REPLY


def unsupported_language_reply(language_code: str | None) -> str:
    """The reply in the user's language where we have one, else in English."""
    reply = UNSUPPORTED_LANGUAGE_REPLIES.get(language_code or "", "")
    english = UNSUPPORTED_LANGUAGE_REPLIES["en"]
    return f"{reply}\n\n{english}" if reply and language_code != "en" else english


def too_long_reply(limit: int) -> str:
    return TOO_LONG_REPLY.format(limit=limit)
