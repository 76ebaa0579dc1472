from engine.textnorm import fts_terms, fts_text


def test_latin_words_lose_punctuation_and_case():
    assert fts_text("Hello, World! It's 42.") == "hello world it s 42"


def test_polish_diacritics_are_kept_and_case_folded():
    assert fts_terms("ZAŻÓŁĆ gęślą") == ["zażółć", "gęślą"]


def test_chinese_becomes_character_bigrams():
    assert fts_terms("量子力学") == ["量子", "子力", "力学"]
    # A query's bigrams are a subset of the document's: BM25 finds it.
    assert set(fts_terms("力学")) <= set(fts_terms("量子力学是物理学分支"))


def test_mixed_scripts_and_single_characters():
    assert fts_terms("GPU加速 of 猫") == ["gpu", "加速", "of", "猫"]


def test_japanese_kana_and_thai_are_split_too():
    assert fts_terms("ひらがな") == ["ひら", "らが", "がな"]
    assert len(fts_terms("สวัสดีครับ")) > 1


def test_nfkc_folds_full_width_forms():
    assert fts_text("ＡＢＣ１２３") == "abc123"


def test_combining_marks_stay_inside_words():
    assert fts_terms("नमस्ते दुनिया") == ["नमस्ते", "दुनिया"]
