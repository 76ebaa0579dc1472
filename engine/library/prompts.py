"""The instructions Hearth gives a model, in the language the user writes in.

Small models follow a system text in the user's language far better than an English one
that says "answer in the same language". The question's language decides (its script, its
letters), else the interface's; English is the fallback. Chinese comes in the script the
user writes: a Traditional question gets Traditional instructions.
"""

from __future__ import annotations

from engine.library.language import looks_english, no_answer_text, question_language

# Common characters written differently in the two Chinese scripts (Traditional, then
# Simplified, pair by pair): how many of each a text uses tells its script.
_PAIRS = (
    "們们這这個个國国說说為为時时會会來来對对學学於于與与後后實实點点體体裡里發发現现經经問问"
    "題题嗎吗麼么見见長长開开關关書书車车門门電电話话語语讀读寫写買买賣卖東东無无宮宫區区"
    "華华萬万歷历樂乐從从應应當当將将樣样過过還还進进處处員员機机場场間间動动種种業业幾几"
    "氣气頭头網网飛飞葉叶魚鱼鳥鸟馬马龍龙樓楼橋桥線线紅红綠绿藍蓝黃黄圖图館馆歲岁號号邊边"
    "遠远運运鐵铁錢钱銀银醫医藥药飯饭湯汤雞鸡豬猪貓猫燈灯熱热鐘钟備备認认識识議议讓让記记"
    "許许論论設设計计變变觀观覺觉親亲護护報报導导傳传術术廣广產产島岛陽阳隊队際际雙双難难"
    "雲云靜静頁页預预顯显風风檔档資资訊讯")
_TRADITIONAL = set(_PAIRS[0::2])
_SIMPLIFIED = set(_PAIRS[1::2])

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "rules": (
            "Answer the question using only the numbered sources below, which are excerpts "
            "from the user's documents.\n"
            "- After each statement, cite the source it comes from with its number in square "
            "brackets, like [1] or [2][3].\n"
            "- If the sources do not contain the answer, say that the documents do not "
            "contain it. Never invent facts or sources.\n"
            "- Answer in the same language as the question."
        ),
        "sources": "Sources:",
        "nothing": (
            "The user's documents were searched and contain nothing relevant to this message. "
            "If it asks for information from the documents, say that the documents do not "
            "contain it; do not guess or invent sources. Answer in the same language as the "
            "message."
        ),
        "steps": ("Think through the problem step by step before giving the final answer, "
                  "then state the answer clearly."),
        "system": "You are a helpful assistant.",
        "no_answer": "The documents do not contain an answer to this question.",
        "cited": "(* cited in the answer)",
        "inferred": "(~ not cited by the model: the passage its answer restates, matched by meaning)",
        "page": "page {page}",
        "pages": "pages {pages}",
    },
    "zh_CN": {
        "rules": (
            "只根据下面编号的资料回答问题，这些资料摘自用户的文档。\n"
            "- 每句陈述之后用方括号注明出处编号，例如 [1] 或 [2][3]。\n"
            "- 如果资料中没有答案，就说明文档中没有这方面的内容。绝不编造事实或出处。\n"
            "- 用简体中文回答。"
        ),
        "sources": "资料：",
        "nothing": (
            "已经检索过用户的文档，其中没有与这条消息相关的内容。如果它询问文档中的信息，"
            "请说明文档中没有；不要猜测，也不要编造出处。用简体中文回答。"
        ),
        "steps": "先一步一步地思考问题，再清楚地给出最终答案。",
        "system": "你是一个乐于助人的助手。请用简体中文回答。",
        "no_answer": "文档中没有包含这个问题的答案。",
        "cited": "（* 回答中引用的资料）",
        "inferred": "（~ 模型没有标注出处：按语义找出的、回答所复述的段落）",
        "page": "第 {page} 页",
        "pages": "第 {pages} 页",
    },
    "zh_TW": {
        "rules": (
            "只根據下面編號的資料回答問題，這些資料摘自使用者的文件。\n"
            "- 每句陳述之後用方括號註明出處編號，例如 [1] 或 [2][3]。\n"
            "- 如果資料中沒有答案，就說明文件中沒有這方面的內容。絕不捏造事實或出處。\n"
            "- 用繁體中文回答。"
        ),
        "sources": "資料：",
        "nothing": (
            "已經搜尋過使用者的文件，其中沒有與這則訊息相關的內容。如果它詢問文件中的資訊，"
            "請說明文件中沒有；不要猜測，也不要捏造出處。用繁體中文回答。"
        ),
        "steps": "先一步一步地思考問題，再清楚地說出最終答案。",
        "system": "你是一位樂於助人的助理。請用繁體中文回答。",
        "no_answer": "文件中沒有這個問題的答案。",
        "cited": "（* 回答中引用的資料）",
        "inferred": "（~ 模型沒有標註出處：依語意找出的、回答所複述的段落）",
        "page": "第 {page} 頁",
        "pages": "第 {pages} 頁",
    },
    "pl": {
        "rules": (
            "Odpowiedz na pytanie, korzystając wyłącznie z ponumerowanych źródeł poniżej; "
            "są to fragmenty dokumentów użytkownika.\n"
            "- Po każdym stwierdzeniu podaj w nawiasie kwadratowym numer źródła, z którego "
            "pochodzi, np. [1] albo [2][3].\n"
            "- Jeśli źródła nie zawierają odpowiedzi, napisz, że dokumenty jej nie zawierają. "
            "Nigdy nie zmyślaj faktów ani źródeł.\n"
            "- Odpowiadaj po polsku."
        ),
        "sources": "Źródła:",
        "nothing": (
            "Dokumenty użytkownika zostały przeszukane i nie ma w nich nic, co dotyczy tej "
            "wiadomości. Jeśli pyta ona o informacje z dokumentów, napisz, że dokumenty ich "
            "nie zawierają; nie zgaduj i nie zmyślaj źródeł. Odpowiadaj po polsku."
        ),
        "steps": ("Zanim podasz ostateczną odpowiedź, przemyśl problem krok po kroku, a potem "
                  "wyraźnie ją sformułuj."),
        "system": "Jesteś pomocnym asystentem. Odpowiadaj po polsku.",
        "no_answer": "Dokumenty nie zawierają odpowiedzi na to pytanie.",
        "cited": "(* źródła cytowane w odpowiedzi)",
        "inferred": "(~ model nie podał źródła: fragment, który odpowiedź powtarza, dopasowany według znaczenia)",
        "page": "s. {page}",
        "pages": "s. {pages}",
    },
}


def chinese_script(text: str) -> str:
    """"zh_TW" when `text` uses more Traditional-only than Simplified-only characters."""
    trad = sum(c in _TRADITIONAL for c in text)
    simp = sum(c in _SIMPLIFIED for c in text)
    return "zh_TW" if trad > simp else "zh_CN"


def prompt_language(text: str, ui_locale: str = "") -> str:
    """The key of TEXTS for a message: its own language when it has one Hearth speaks,
    else the interface's (`ui_locale`, e.g. "zh_TW"), else English."""
    lang = question_language(text) if text.strip() else ""
    if lang == "zh":
        return chinese_script(text)
    if lang != "en" and lang in TEXTS:
        return lang
    if lang and lang != "en":
        return "en"  # a language without our wording: English rules, which say to follow it
    ui = ui_locale if ui_locale in TEXTS else ui_locale.split("_")[0]
    if ui in TEXTS and not looks_english(text):
        return ui
    return "en"


def wording(key: str, lang: str) -> str:
    return TEXTS.get(lang, TEXTS["en"])[key]


def is_default_system_prompt(text: str) -> bool:
    """Whether `text` is one of our default system prompts (so it may follow the language)."""
    return text.strip() in {t["system"] for t in TEXTS.values()}


def no_answer(text: str, ui_locale: str = "") -> str:
    """The fixed "not in the documents" sentence, said without a model, in `text`'s language
    (or the interface's); for languages without our wording, language.no_answer_text's."""
    lang = prompt_language(text, ui_locale)
    return wording("no_answer", lang) if lang != "en" else no_answer_text(text)
