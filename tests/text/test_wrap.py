"""Wrapping text: :func:`wrap_tally` counts the lines :func:`wrap` makes and gives the last of them;
:func:`word_widths` measures each word as :func:`measure` does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mindmap.text.measure import measure, word_widths, wrap, wrap_tally

# words of every kind wrap meets: short and long, words wider than a whole line (broken between
# characters), accented and CJK letters (measured with a fallback font), line breaks and blank lines
WORDS = st.sampled_from(
    ["a", "of", "the", "staff", "workforce", "interoperability", "Gwasanaethau", "café", "数据共享", "—", "\n", "\n\n"]
)
TEXTS = st.lists(WORDS, max_size=30).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(
    TEXTS,
    st.sampled_from([7.0, 9.5, 12.0]),
    st.floats(1.0, 400.0),
    st.booleans(),
    st.booleans(),
)
def test_wrap_tally_counts_the_lines_wrap_makes_and_gives_the_last(text, size, width, bold, italic):
    lines = wrap(text, size, width, bold=bold, italic=italic)
    assert wrap_tally(text, size, width, bold=bold, italic=italic) == (len(lines), lines[-1])


def test_wrap_tally_of_a_word_broken_between_characters():
    lines = wrap("a interoperability b", 10, 30)
    assert len(lines) > 3  # the long word is in pieces
    assert wrap_tally("a interoperability b", 10, 30) == (len(lines), lines[-1])


def test_wrap_tally_of_text_without_words_is_one_empty_line():
    assert wrap("  \n ", 10, 100) == [""]
    assert wrap_tally("  \n ", 10, 100) == (1, "")


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.sampled_from([7.0, 9.5, 12.0]), st.booleans(), st.booleans())
def test_word_widths_are_each_word_measured(text, size, bold, italic):
    expected = [measure(word, size, bold=bold, italic=italic) for word in text.split()]
    assert word_widths(text, size, bold=bold, italic=italic) == expected
