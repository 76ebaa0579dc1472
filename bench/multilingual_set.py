"""A multilingual retrieval set from Debian's man pages (Chinese both scripts, Polish, English).

Commands with a page in all of zh_CN, zh_TW, pl and en (manpages-zh, manpages-pl and the
English pages) give, per language, a QUESTION (the NAME section's short description, "ls -
列出目录内容" -> "列出目录内容") and a DOCUMENT (the rest of the page, NAME removed so the
question is not literally in it, cut to ~3,000 characters). The corpus holds each command's
page in ONE language (picked by a hash of its name: ~35% zh_CN, ~15% zh_TW, ~35% pl, ~15%
en); every language's description asks for that one page, so most questions are
cross-language. Commands are split by name hash, ~30% dev (for tuning) and ~70% test.
UNRELATED questions (written here, 15 per language, nothing to do with computers) calibrate
the "nothing relevant" threshold.

    python bench/multilingual_set.py [OUT_DIR]    # writes the corpus, prints a summary
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

MAN = Path("/usr/share/man")
LANGS = ("zh_CN", "zh_TW", "pl", "en")
DOC_CHARS = 3000
CACHE_VERSION = "3"  # bump when rendering or parsing below changes
# Corpus language by hash bucket (of 100): ~35% zh_CN, ~15% zh_TW, ~35% pl, ~15% en.
CORPUS_SHARES = (("zh_CN", 35), ("zh_TW", 50), ("pl", 85), ("en", 100))
DEV_SHARE = 30

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# The NAME line's separator: "ls - ...", "ls \- ...", "ls — ...", "ls －...".
_COLUMNS = re.compile(r"\S {3,}\S")
# Sections every translated page ends with (translators, bug reports, copyright): the same
# text in many documents of one language, nothing about the command.
_BOILERPLATE = re.compile(
    r"TŁUMACZENIE|ZGŁASZANIE BŁĘDÓW|PRAWA AUTORSKIE|REPORTING BUGS|COPYRIGHT|跋|中文版|翻[译譯]"
    r"|版[权權]|[报報]告(错误|錯誤|缺陷|BUG)|《"
)
_SEP = re.compile(r"\s[-\u2010\u2013\u2014]+\s|\uff0d|\u2014")

UNRELATED = {
    "zh_CN": [
        "红烧肉怎么做才不油腻？",
        "去云南旅游最好的季节是什么时候？",
        "秦始皇统一六国是在哪一年？",
        "感冒发烧的时候应该多喝水吗？",
        "怎样在阳台上种番茄？",
        "长城一共有多长？",
        "北京到上海的高铁要坐几个小时？",
        "如何训练小狗不在家里乱叫？",
        "每天跑步多少公里对身体最好？",
        "饺子馅里放什么蔬菜比较好吃？",
        "唐朝的首都在哪里？",
        "孩子晚上总是咳嗽该怎么办？",
        "第一次去日本需要办签证吗？",
        "世界上最高的山峰是哪一座？",
        "怎么挑选新鲜的西瓜？",
    ],
    "zh_TW": [
        "滷肉飯的滷汁要怎麼調才好吃？",
        "去花蓮太魯閣旅遊要準備什麼？",
        "鄭成功是哪一年來到臺灣的？",
        "高血壓的人飲食上要注意什麼？",
        "颱風來之前家裡應該準備哪些東西？",
        "珍珠奶茶是誰發明的？",
        "如何在家自己做鳳梨酥？",
        "阿里山看日出最好幾點出發？",
        "貓咪不吃飯是生病了嗎？",
        "學游泳大概要多久才能學會？",
        "故宮博物院最有名的收藏是什麼？",
        "夏天去墾丁要怎麼防曬？",
        "小朋友幾歲開始學鋼琴比較好？",
        "怎麼煮出好吃的牛肉麵？",
        "日月潭環湖騎腳踏車要多久？",
    ],
    "pl": [
        "Jak upiec sernik, żeby nie opadł po wyjęciu z piekarnika?",
        "Kiedy najlepiej jechać nad morze do Gdańska?",
        "W którym roku odbyła się bitwa pod Grunwaldem?",
        "Ile wody dziennie powinien pić dorosły człowiek?",
        "Jak dbać o storczyka, żeby znowu zakwitł?",
        "Kto napisał „Pana Tadeusza”?",
        "Jakie dokumenty są potrzebne, żeby wyrobić paszport?",
        "Co zwiedzić w Krakowie w jeden weekend?",
        "Jak ugotować dobry barszcz czerwony na Wigilię?",
        "Czy można jeść grzyby zebrane w lesie bez sprawdzenia?",
        "Jak nauczyć psa chodzić na smyczy?",
        "Jaka jest najdłuższa rzeka w Polsce?",
        "Jak szybko pozbyć się bólu głowy bez tabletek?",
        "Ile kosztuje bilet na pociąg z Warszawy do Zakopanego?",
        "Dlaczego liście jesienią zmieniają kolor?",
    ],
    "en": [
        "How long should I roast a chicken at 200 degrees?",
        "What is the best season to visit Japan for cherry blossoms?",
        "Who was the first president of the United States?",
        "How can I lower my blood pressure naturally?",
        "What should I pack for a week-long hiking trip in the Alps?",
        "Why is the sky blue?",
        "How do I get red wine stains out of a carpet?",
        "When did the Roman Empire fall?",
        "Which vegetables grow well in a shady garden?",
        "How many calories are in a banana?",
        "What is the capital city of Australia?",
        "How do I teach my child to ride a bicycle?",
        "Is it safe to swim right after eating?",
        "What are the rules of cricket in simple terms?",
        "How do I make fluffy pancakes without eggs?",
    ],
}


def _bucket(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest(), 16) % 100


def corpus_lang(command: str) -> str:
    b = _bucket("lang:" + command)
    return next(lang for lang, upto in CORPUS_SHARES if b < upto)


def split_of(command: str) -> str:
    return "dev" if _bucket("split:" + command) < DEV_SHARE else "test"


def _lang_dir(lang: str) -> Path:
    return MAN if lang == "en" else MAN / lang


def _pages(lang: str) -> dict[str, Path]:
    """name -> page file (lowest section first), stubs left out.

    A symlink or `.so` page is another command's page under a second name (bzcat ->
    bzip2): kept, it would put the same document in the corpus twice.
    """
    out: dict[str, Path] = {}
    for sec in sorted(_lang_dir(lang).glob("man[1-8]")):
        for f in sorted(sec.iterdir()):
            name = f.name.removesuffix(".gz").rpartition(".")[0]
            if name and name not in out:
                out[name] = f
    return {n: f for n, f in out.items() if not _is_stub(f)}


def _is_stub(path: Path) -> bool:
    if path.is_symlink():
        return True
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        head = f.read(400).splitlines()[:5]
    return any(line.startswith(b".so ") for line in head)


def render(path: Path, lang: str) -> str:
    """The page as plain UTF-8 text, 80 columns, no hyphenation, no overstrikes ("" when
    groff fails). groff directly: `man -l` hung on some zh_CN pages (df.1)."""
    raw = (gzip.open if path.suffix == ".gz" else open)(path, "rb").read()
    source = _decode(raw, lang)
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    cmd = ["groff", "-Tutf8", "-mandoc", "-t", "-Kutf-8", "-rHY=0", "-rLL=80n", "-P-cbou"]
    try:
        out = subprocess.run(cmd, input=source.encode(), capture_output=True, env=env,
                             timeout=60, check=False).stdout
    except subprocess.TimeoutExpired:
        return ""
    return out.decode("utf-8", errors="replace").expandtabs()


def _decode(raw: bytes, lang: str) -> str:
    """Debian's pages are UTF-8; older Chinese sources were GB2312 or Big5."""
    fallbacks = {"zh_CN": ["gb18030"], "zh_TW": ["big5hkscs"]}.get(lang, []) + ["latin-1"]
    for enc in ["utf-8", *fallbacks]:
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def parse(page: str) -> tuple[str, str]:
    """(NAME description, the rest of the page) of a rendered page."""
    # Left out: the running header and footer ("LS(1)   User Commands   LS(1)"), the only
    # unindented lines spread over columns (mdoc pages may have no header at the top).
    lines = [ln.rstrip() for ln in page.splitlines()
             if not (ln[:1].strip() and _COLUMNS.search(ln.strip()))]
    sections: list[tuple[str, list[str]]] = []
    for ln in lines:
        if ln and not ln[0].isspace():
            sections.append((ln.strip(), []))
        elif sections:
            sections[-1][1].append(ln)
    if not sections:
        return "", ""
    name = " ".join(ln.strip() for ln in sections[0][1])
    parts = _SEP.split(name, maxsplit=1)
    question = re.sub(r"\s+", " ", parts[1]).strip() if len(parts) == 2 else ""
    body: list[str] = []
    for heading, content in sections[1:]:
        if _BOILERPLATE.search(heading):
            continue
        for ln in [heading, *content]:
            ln = re.sub(r"\s+", " ", ln).strip()  # justification spaces
            if ln or (body and body[-1]):
                body.append(ln)
    text = "\n".join(body).strip().replace("\u2010\n", "")  # hyphenated words joined
    return question, _truncate(text)


def _truncate(text: str, limit: int = DOC_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind("\n", 0, limit)
    return text[: cut if cut > limit // 2 else limit]


def long_enough(question: str) -> bool:
    cjk = len(_CJK.findall(question))
    return cjk >= 4 if cjk else len(question.split()) >= 2


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def _cache_root(files: list[Path]) -> Path:
    h = hashlib.sha256(f"{CACHE_VERSION}\0".encode())
    h.update(Path(__file__).read_bytes())
    for f in files:
        st = f.stat()
        h.update(f"{f}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return Path(tempfile.gettempdir()) / f"hearth-bench-manpages-{h.hexdigest()[:16]}"


def _rendered(pages: dict[str, dict[str, Path]]) -> dict[str, dict[str, list[str]]]:
    """command -> lang -> [question, document], rendered once and cached in the temp dir."""
    files = [pages[c][lang] for c in sorted(pages) for lang in LANGS]
    cache = _cache_root(files) / "rendered.json"
    if cache.exists():
        return json.loads(cache.read_text("utf-8"))
    jobs = [(c, lang) for c in sorted(pages) for lang in LANGS]
    with ThreadPoolExecutor(max_workers=2) as pool:  # one groff per page, 2 cores
        texts = list(pool.map(lambda j: render(pages[j[0]][j[1]], j[1]), jobs))
    out: dict[str, dict[str, list[str]]] = {}
    for (c, lang), text in zip(jobs, texts, strict=True):
        out.setdefault(c, {})[lang] = list(parse(text))
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(out, ensure_ascii=False), "utf-8")
    return out


def _decoded_ok(lang: str, text: str) -> bool:
    """No mojibake: no U+FFFD, and Chinese pages do contain Chinese."""
    return "\ufffd" not in text and (not lang.startswith("zh") or bool(_CJK.search(text)))


def kind_of(q_lang: str, doc_lang: str) -> str:
    if q_lang == doc_lang:
        return "same-language"
    if {q_lang, doc_lang} == {"zh_CN", "zh_TW"}:
        return "other-script"
    return "cross-language"


def build(out_dir: Path, n_commands: int = 160) -> dict:
    """Write the corpus (`<command>.<lang>.txt`) to `out_dir`; return the set.

    {"docs": {doc_id: text}, "questions": [{"id", "text", "lang", "command", "doc",
    "kind", "split"}], "unrelated": [{"id", "text", "lang"}], "dropped": {...}}. A doc_id
    is the file's stem ("ls.pl"), as search results name it.
    """
    by_lang = {lang: _pages(lang) for lang in LANGS}
    common = sorted(set.intersection(*(set(p) for p in by_lang.values())))
    # Hash order, so a smaller n is a fair sample rather than the alphabet's start.
    common = sorted(common, key=lambda c: hashlib.sha256(c.encode()).hexdigest())
    pages = {c: {lang: by_lang[lang][c] for lang in LANGS} for c in common}
    rendered = _rendered(pages)
    dropped = {"undecodable": [], "untranslated": [], "no_document": [], "short_questions": 0,
               "duplicate_questions": 0}
    docs: dict[str, str] = {}
    questions: list[dict] = []
    for c in common:
        if len(docs) >= n_commands:
            break
        per = rendered[c]
        if not all(_decoded_ok(lang, per[lang][0] + per[lang][1]) for lang in LANGS):
            dropped["undecodable"].append(c)
            continue
        # A translation left in English: the same words would make it a same-language question.
        if any(_norm(per[lang][0]) == _norm(per["en"][0]) for lang in LANGS[:3]):
            dropped["untranslated"].append(c)
            continue
        doc_lang = corpus_lang(c)
        doc_text = per[doc_lang][1]
        if len(doc_text) < 100:
            dropped["no_document"].append(c)
            continue
        doc_id = f"{c}.{doc_lang}"
        docs[doc_id] = doc_text
        seen = set()
        for lang in LANGS:
            q = per[lang][0]
            if not long_enough(q):
                dropped["short_questions"] += 1
                continue
            if _norm(q) in seen:  # zh_TW text identical to zh_CN's: one question
                dropped["duplicate_questions"] += 1
                continue
            seen.add(_norm(q))
            questions.append({"id": f"{c}/{lang}", "text": q, "lang": lang, "command": c,
                              "doc": doc_id, "kind": kind_of(lang, doc_lang),
                              "split": split_of(c)})
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.txt"):
        if old.stem not in docs:
            old.unlink()
    for doc_id, text in docs.items():
        path = out_dir / f"{doc_id}.txt"
        if not path.exists() or path.read_text("utf-8") != text:
            path.write_text(text, "utf-8")
    unrelated = [{"id": f"unrelated/{lang}/{i}", "text": t, "lang": lang}
                 for lang, qs in UNRELATED.items() for i, t in enumerate(qs)]
    return {"docs": docs, "questions": questions, "unrelated": unrelated, "dropped": dropped}


def summary(s: dict) -> dict:
    from collections import Counter

    qs = s["questions"]
    return {
        "commands": len(s["docs"]),
        "corpus_langs": dict(Counter(d.rsplit(".", 1)[1] for d in s["docs"])),
        "questions": len(qs),
        "by_split": dict(Counter(q["split"] for q in qs)),
        "by_kind": dict(Counter(q["kind"] for q in qs)),
        "by_lang": dict(Counter(q["lang"] for q in qs)),
        "unrelated": len(s["unrelated"]),
        "doc_chars_mean": round(sum(map(len, s["docs"].values())) / max(1, len(s["docs"]))),
        "dropped": {k: (v if isinstance(v, int) else sorted(v)) for k, v in s["dropped"].items()},
    }


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.gettempdir()) / "hearth-manpages"
    print(json.dumps(summary(build(out)), ensure_ascii=False))
