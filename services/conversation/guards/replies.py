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
# Added to a physical emergency's reply when the message also carries self-harm signals ("cut myself deeper and it
# won't stop bleeding"): the physical danger picks the 911 reply, and the crisis line must not be lost.
SELF_HARM_ADDENDUM = (
    "If you have hurt yourself on purpose or are thinking about it, you can also call or text 988, the 988 "
    "Suicide & Crisis Lifeline (US), any time."
)

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
    "sv": "Tyvärr kan jag bara chatta på engelska just nu. Skriv gärna ditt meddelande på engelska.",
    "da": "Beklager, jeg kan kun skrive på engelsk lige nu. Skriv venligst din besked på engelsk.",
    "nb": "Beklager, jeg kan bare chatte på engelsk foreløpig. Vennligst skriv meldingen din på engelsk.",
    "el": "Λυπάμαι, προς το παρόν μπορώ να συνομιλώ μόνο στα αγγλικά. Παρακαλώ γράψτε το μήνυμά σας στα αγγλικά.",
    "he": "מצטער, כרגע אני יכול לשוחח רק באנגלית. אנא כתבו את ההודעה באנגלית.",
    "th": "ขออภัย ขณะนี้ฉันสามารถสนทนาได้เฉพาะภาษาอังกฤษเท่านั้น กรุณาพิมพ์ข้อความเป็นภาษาอังกฤษ",
    "ur": "معذرت، فی الحال میں صرف انگریزی میں بات کر سکتا ہوں۔ براہ کرم اپنا پیغام انگریزی میں لکھیں۔",
    "bn": "দুঃখিত, আমি এখন শুধু ইংরেজিতে কথা বলতে পারি। অনুগ্রহ করে আপনার বার্তাটি ইংরেজিতে লিখুন।",
}


# Emergency replies in the languages the emergency lexicons read (emergency_i18n), as (general, stroke,
# self-harm). Each names 911 and the local emergency number (with the usual one of the language's main
# country where it differs); the self-harm one always names the US 988 Lifeline as well. The English reply
# is always appended after it, so the 911 / 988 wording a clinician reviewed is there in every case.
LOCALISED_EMERGENCY_REPLIES: dict[str, tuple[str, str, str]] = {
    "es": (
        "Esto podría ser una emergencia médica. Llame ahora al 911 (o al número de emergencias de su país). "
        "No conduzca usted mismo.",
        "Estos podrían ser signos de un derrame cerebral (ictus). Llame ahora al 911 (o al número de emergencias "
        "de su país) y anote la hora en que empezaron los síntomas.",
        "Siento mucho que te sientas así. No estás solo. En EE. UU., llama o envía un mensaje de texto al 988 "
        "(Línea de Prevención del Suicidio y Crisis; atiende en español). Si estás en peligro inmediato o ya te has "
        "hecho daño, llama ahora al 911 o al número de emergencias de tu país.",
    ),
    "fr": (
        "Il pourrait s'agir d'une urgence médicale. Appelez immédiatement le 911 (ou le numéro d'urgence local, "
        "par exemple le 112 ou le 15). Ne conduisez pas vous-même.",
        "Il pourrait s'agir des signes d'un AVC. Appelez immédiatement le 911 (ou le numéro d'urgence local, par "
        "exemple le 112 ou le 15) et notez l'heure du début des symptômes.",
        "Je suis vraiment désolé que vous traversiez cela. Vous n'êtes pas seul. Aux États-Unis, appelez ou "
        "envoyez un SMS au 988 (Suicide & Crisis Lifeline). Si vous êtes en danger immédiat ou si vous vous êtes "
        "blessé, appelez immédiatement le 911 ou le numéro d'urgence local (112 en Europe, 3114 en France).",
    ),
    "de": (
        "Das könnte ein medizinischer Notfall sein. Rufen Sie sofort 911 an (oder Ihre örtliche Notrufnummer, "
        "z. B. 112). Fahren Sie nicht selbst.",
        "Das könnten Anzeichen eines Schlaganfalls sein. Rufen Sie sofort 911 an (oder Ihre örtliche "
        "Notrufnummer, z. B. 112) und notieren Sie, wann die Beschwerden begonnen haben.",
        "Es tut mir sehr leid, dass es Ihnen so geht. Sie sind nicht allein. In den USA erreichen Sie die 988 "
        "(Suicide & Crisis Lifeline) rund um die Uhr per Anruf oder SMS. Wenn Sie in akuter Gefahr sind oder sich "
        "bereits verletzt haben, rufen Sie sofort 911 oder Ihre örtliche Notrufnummer (z. B. 112) an.",
    ),
    "pt": (
        "Isto pode ser uma emergência médica. Ligue agora para o 911 (ou para o número de emergência local). "
        "Não dirija você mesmo.",
        "Estes podem ser sinais de um AVC (derrame). Ligue agora para o 911 (ou para o número de emergência "
        "local) e anote a hora em que os sintomas começaram.",
        "Sinto muito que você esteja se sentindo assim. Você não está sozinho. Nos EUA, ligue ou envie uma "
        "mensagem de texto para o 988 (Suicide & Crisis Lifeline). Se você estiver em perigo imediato ou já tiver "
        "se machucado, ligue agora para o 911 ou para o número de emergência local.",
    ),
    "it": (
        "Potrebbe trattarsi di un'emergenza medica. Chiama subito il 911 (o il numero di emergenza locale, ad "
        "esempio il 112). Non metterti alla guida.",
        "Potrebbero essere segni di un ictus. Chiama subito il 911 (o il numero di emergenza locale, ad esempio "
        "il 112) e annota l'ora in cui sono iniziati i sintomi.",
        "Mi dispiace davvero che tu ti senta così. Non sei solo. Negli Stati Uniti puoi chiamare o mandare un SMS "
        "al 988 (Suicide & Crisis Lifeline). Se sei in pericolo immediato o ti sei già fatto del male, chiama "
        "subito il 911 o il numero di emergenza locale.",
    ),
    "nl": (
        "Dit kan een medisch noodgeval zijn. Bel nu 911 (of het lokale alarmnummer, zoals 112). Rijd niet zelf.",
        "Dit kunnen tekenen van een beroerte zijn. Bel nu 911 (of het lokale alarmnummer, zoals 112) en noteer "
        "hoe laat de klachten begonnen.",
        "Het spijt me echt dat je je zo voelt. Je staat er niet alleen voor. In de VS kun je 988 (Suicide & "
        "Crisis Lifeline) bellen of sms'en. Ben je in direct gevaar of heb je jezelf al iets aangedaan, bel dan nu "
        "911 of het lokale alarmnummer.",
    ),
    "pl": (
        "To może być nagły przypadek medyczny. Zadzwoń teraz pod 911 (lub lokalny numer alarmowy, np. 112). "
        "Nie prowadź samochodu samodzielnie.",
        "To mogą być objawy udaru. Zadzwoń teraz pod 911 (lub lokalny numer alarmowy, np. 112) i zanotuj, o "
        "której godzinie zaczęły się objawy.",
        "Bardzo mi przykro, że tak się czujesz. Nie jesteś sam. W USA możesz zadzwonić lub wysłać SMS pod numer "
        "988 (Suicide & Crisis Lifeline). Jeśli grozi Ci bezpośrednie niebezpieczeństwo lub już zrobiłeś sobie "
        "krzywdę, zadzwoń teraz pod 911 lub lokalny numer alarmowy (np. 112).",
    ),
    "ru": (
        "Это может быть неотложное состояние. Немедленно позвоните 911 (или по местному номеру экстренной "
        "помощи, например 112 или 103). Не садитесь за руль сами.",
        "Это могут быть признаки инсульта. Немедленно позвоните 911 (или по местному номеру экстренной помощи, "
        "например 112 или 103) и запомните время, когда начались симптомы.",
        "Мне очень жаль, что вам сейчас так тяжело. Вы не одни. В США позвоните или отправьте SMS на номер 988 "
        "(Suicide & Crisis Lifeline). Если вы в непосредственной опасности или уже причинили себе вред, "
        "немедленно позвоните 911 или по местному номеру экстренной помощи.",
    ),
    "uk": (
        "Це може бути невідкладний медичний стан. Негайно телефонуйте 911 (або на місцевий номер екстреної "
        "допомоги, наприклад 112 чи 103). Не сідайте за кермо самі.",
        "Це можуть бути ознаки інсульту. Негайно телефонуйте 911 (або на місцевий номер екстреної допомоги, "
        "наприклад 112 чи 103) і запам'ятайте, коли почалися симптоми.",
        "Мені дуже шкода, що вам зараз так важко. Ви не самі. У США зателефонуйте або надішліть SMS на номер 988 "
        "(Suicide & Crisis Lifeline). Якщо ви в безпосередній небезпеці або вже завдали собі шкоди, негайно "
        "телефонуйте 911 або на місцевий номер екстреної допомоги.",
    ),
    "zh": (
        "这可能是医疗紧急情况。请立即拨打911（或当地急救电话，例如中国的120）。不要自己开车去医院。",
        "这些可能是中风的征兆。请立即拨打911（或当地急救电话，例如中国的120），并记下症状开始的时间。",
        "听到你这么难受，我真的很难过。你并不孤单。在美国，请拨打或发短信至988（自杀与危机生命线）。"
        "如果你有立即的危险或已经伤害了自己，请立即拨打911或当地的急救电话。",
    ),
    "ja": (
        "医療上の緊急事態の可能性があります。今すぐ911（または地域の緊急番号、日本では119）に電話してください。"
        "自分で運転しないでください。",
        "脳卒中の兆候の可能性があります。今すぐ911（または地域の緊急番号、日本では119）に電話し、"
        "症状が始まった時刻を控えておいてください。",
        "とてもつらい思いをされているのですね。あなたは一人ではありません。米国では988（自殺・危機ライフライン）に"
        "電話またはテキストメッセージで連絡できます。差し迫った危険がある場合や、すでに自分を傷つけてしまった場合は、"
        "今すぐ911または地域の緊急番号に電話してください。",
    ),
    "ko": (
        "응급 상황일 수 있습니다. 지금 바로 911(또는 현지 응급 번호, 한국은 119)에 전화하세요. 직접 운전하지 마세요.",
        "뇌졸중의 징후일 수 있습니다. 지금 바로 911(또는 현지 응급 번호, 한국은 119)에 전화하고 증상이 시작된 "
        "시간을 기록해 두세요.",
        "많이 힘드시다니 정말 마음이 아픕니다. 당신은 혼자가 아닙니다. 미국에서는 988(자살 및 위기 상담 전화)로 "
        "전화하거나 문자를 보낼 수 있습니다. 즉각적인 위험에 처해 있거나 이미 자신을 다치게 했다면 지금 바로 911 "
        "또는 현지 응급 번호로 전화하세요.",
    ),
    "ar": (
        "قد تكون هذه حالة طبية طارئة. اتصل الآن بالرقم 911 (أو برقم الطوارئ المحلي). لا تقد السيارة بنفسك.",
        "قد تكون هذه علامات سكتة دماغية. اتصل الآن بالرقم 911 (أو برقم الطوارئ المحلي) وسجّل وقت بدء الأعراض.",
        "أنا آسف جدًا لأنك تشعر بهذا. لست وحدك. في الولايات المتحدة، اتصل أو أرسل رسالة نصية إلى 988 "
        "(خط الانتحار والأزمات). إذا كنت في خطر مباشر أو آذيت نفسك، اتصل الآن بالرقم 911 أو برقم الطوارئ المحلي.",
    ),
    "hi": (
        "यह एक चिकित्सा आपातकाल हो सकता है। अभी 911 (या अपने स्थानीय आपातकालीन नंबर, भारत में 112) पर कॉल करें। "
        "खुद गाड़ी चलाकर न जाएँ।",
        "ये स्ट्रोक (लकवा) के लक्षण हो सकते हैं। अभी 911 (या अपने स्थानीय आपातकालीन नंबर, भारत में 112) पर कॉल करें "
        "और लक्षण शुरू होने का समय नोट करें।",
        "मुझे बहुत दुख है कि आप ऐसा महसूस कर रहे हैं। आप अकेले नहीं हैं। अमेरिका में 988 (सुसाइड एंड क्राइसिस "
        "लाइफलाइन) पर कॉल या टेक्स्ट करें। अगर आप तुरंत खतरे में हैं या आपने खुद को चोट पहुँचाई है, तो अभी 911 या "
        "अपने स्थानीय आपातकालीन नंबर पर कॉल करें।",
    ),
    "vi": (
        "Đây có thể là một trường hợp cấp cứu y tế. Hãy gọi ngay 911 (hoặc số cấp cứu tại địa phương, ở Việt Nam "
        "là 115). Đừng tự lái xe.",
        "Đây có thể là dấu hiệu của đột quỵ. Hãy gọi ngay 911 (hoặc số cấp cứu tại địa phương, ở Việt Nam là 115) "
        "và ghi lại thời điểm các triệu chứng bắt đầu.",
        "Tôi rất tiếc khi biết bạn đang cảm thấy như vậy. Bạn không đơn độc. Tại Mỹ, hãy gọi hoặc nhắn tin đến 988 "
        "(Suicide & Crisis Lifeline). Nếu bạn đang gặp nguy hiểm ngay lập tức hoặc đã tự làm hại bản thân, hãy gọi "
        "ngay 911 hoặc số cấp cứu tại địa phương.",
    ),
    "tl": (
        "Maaaring ito ay isang medikal na emergency. Tumawag agad sa 911 (o sa lokal na emergency number). "
        "Huwag magmaneho nang mag-isa.",
        "Maaaring ito ay mga senyales ng stroke. Tumawag agad sa 911 (o sa lokal na emergency number) at tandaan "
        "kung anong oras nagsimula ang mga sintomas.",
        "Lubos akong nalulungkot na ganito ang nararamdaman mo. Hindi ka nag-iisa. Sa US, tumawag o mag-text sa "
        "988 (Suicide & Crisis Lifeline). Kung ikaw ay nasa agarang panganib o nasaktan mo na ang iyong sarili, "
        "tumawag agad sa 911 o sa lokal na emergency number.",
    ),
    "tr": (
        "Bu tıbbi bir acil durum olabilir. Hemen 911'i (veya yerel acil durum numarasını, Türkiye'de 112'yi) "
        "arayın. Kendiniz araç kullanmayın.",
        "Bunlar inme belirtileri olabilir. Hemen 911'i (veya yerel acil durum numarasını, Türkiye'de 112'yi) arayın "
        "ve belirtilerin başladığı saati not edin.",
        "Böyle hissettiğin için gerçekten çok üzgünüm. Yalnız değilsin. ABD'de 988'i (Suicide & Crisis Lifeline) "
        "arayabilir veya mesaj atabilirsin. Hemen tehlikedeysen ya da kendine zarar verdiysen, şimdi 911'i veya "
        "yerel acil durum numarasını ara.",
    ),
    "id": (
        "Ini bisa jadi keadaan darurat medis. Segera hubungi 911 (atau nomor darurat setempat, di Indonesia 112 "
        "atau 119). Jangan menyetir sendiri.",
        "Ini bisa jadi tanda-tanda stroke. Segera hubungi 911 (atau nomor darurat setempat, di Indonesia 112 atau "
        "119) dan catat jam mulainya gejala.",
        "Saya sangat menyesal Anda merasa seperti ini. Anda tidak sendirian. Di AS, telepon atau kirim SMS ke 988 "
        "(Suicide & Crisis Lifeline). Jika Anda dalam bahaya langsung atau sudah melukai diri sendiri, segera "
        "hubungi 911 atau nomor darurat setempat.",
    ),
}


def emergency_reply(category: str | None, *, language: str | None = None, self_harm_too: bool = False) -> str:
    """The fixed reply for an emergency category (988 for self-harm, FAST for stroke, else 911).

    With the ``language`` of a non-English emergency, the reply in that language comes first where there is
    one, followed by the English reply. ``self_harm_too`` (self-harm signals behind a physical category) adds the
    988 line to a 911 or stroke reply.
    """
    if category == SELF_HARM:
        english, index = SELF_HARM_REPLY, 2
    elif category == STROKE:
        english, index = STROKE_REPLY, 1
    else:
        english, index = EMERGENCY_REPLY, 0
    if self_harm_too and category != SELF_HARM:
        english = f"{english} {SELF_HARM_ADDENDUM}"
    localised = LOCALISED_EMERGENCY_REPLIES.get(language or "")
    return f"{localised[index]}\n\n{english}" if localised else english


def unsupported_language_reply(language_code: str | None) -> str:
    """The reply in the user's language where we have one, else in English."""
    reply = UNSUPPORTED_LANGUAGE_REPLIES.get(language_code or "", "")
    english = UNSUPPORTED_LANGUAGE_REPLIES["en"]
    return f"{reply}\n\n{english}" if reply and language_code != "en" else english


def too_long_reply(limit: int) -> str:
    return TOO_LONG_REPLY.format(limit=limit)
