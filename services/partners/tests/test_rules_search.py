from partners.rules.search import MAX_TERMS, prefix_terms


def test_words_become_prefix_terms_without_tsquery_syntax() -> None:
    assert prefix_terms("Työpa & (nuor:*) | !x'") == ["työpa:*", "nuor:*", "x:*"]


def test_repeated_words_count_once_and_the_terms_are_bounded() -> None:
    assert prefix_terms("kela KELA kela") == ["kela:*"]
    assert len(prefix_terms(" ".join(f"w{i}" for i in range(20)))) == MAX_TERMS


def test_punctuation_alone_is_no_term() -> None:
    assert prefix_terms("-- !!") == []
