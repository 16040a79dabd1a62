import string

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.myst_role import myst_role_plugin

from ecosystems.outputs import escape
from ecosystems.outputs.save import _markdown

# text as a user might type it: letters of two alphabets, digits, every ASCII punctuation
TEXT = st.text(alphabet=string.ascii_letters + string.digits + string.punctuation + " йё«»–",
               max_size=40)


def _inline_text(markdown: str) -> tuple[str, set[str]]:
    """What MyST's parser makes of ``markdown``: the literal text and the token types."""
    md = MarkdownIt("commonmark").use(myst_role_plugin).enable("table")
    children = md.parseInline(markdown)[0].children
    return "".join(t.content for t in children), {t.type for t in children}


@given(TEXT)
def test_md_escape_is_literal_text_for_any_string(text):
    shown, kinds = _inline_text(escape.md_escape(text))
    assert kinds <= {"text"}, kinds
    assert shown == " ".join(text.split())


@settings(deadline=None)  # the first example imports tabulate (to_markdown): 0.5 s when busy
@given(TEXT)
def test_md_escape_cell_keeps_one_table_cell_and_no_markup(text):
    table = _markdown(pd.DataFrame({"name": [text], "n": [1]}), False, ".3f")
    html = MarkdownIt("commonmark").enable("table").render(table)
    assert html.count("<td") == 2
    assert "<script" not in html and "<img" not in html and "<a " not in html
