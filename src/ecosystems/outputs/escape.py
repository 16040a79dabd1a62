"""Making any user-supplied text safe in Markdown, where every output format starts.

Cluster, column, file and sheet names come from a user's data and may contain
markup (``<script>``, ``<img onerror=...>``, Markdown, Typst). In Markdown they
show literally and never act:

- :func:`md_escape`: Markdown/MyST (backslash before every ASCII punctuation
  character, which CommonMark defines as a literal character; raw HTML,
  roles, emphasis and table pipes all lose their meaning);
- :func:`md_escape_cell`: a cell of a Markdown (pipe) table.

The book cleans the HTML of notebook outputs (:mod:`ecosystems.book.sanitize`); the
PDF gets its escaping for Typst from pandoc's writer (:mod:`ecosystems.book.pdf`).
"""

from __future__ import annotations

import re
import string

_MD_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")
_SPACES = re.compile(r"\s+")


def md_escape(text) -> str:
    r"""``text`` as literal Markdown/MyST inline text (one line).

    Every ASCII punctuation character gets a backslash, which CommonMark
    renders as that character; line breaks become spaces.

    Examples
    --------
    >>> print(md_escape("<b>A</b> | *B*"))
    \<b\>A\<\/b\> \| \*B\*
    """
    return _MD_SPECIAL.sub(r"\\\1", _SPACES.sub(" ", str(text)).strip())


_MD_CELL_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$&{}])")


def md_escape_cell(text) -> str:
    r"""``text`` for a cell of a Markdown (pipe) table: the characters that could start
    markup (``\ ` * _ [ ] < > | ~ $ & { }``) get a backslash, line breaks become spaces.

    Lighter than :func:`md_escape` (quotes, dots and dashes stay as they are), which is
    enough inside a table cell, where no line starts.

    Examples
    --------
    >>> print(md_escape_cell('<script>x</script> | "A"'))
    \<script\>x\</script\> \| "A"
    """
    return _MD_CELL_SPECIAL.sub(r"\\\1", _SPACES.sub(" ", str(text)).strip())
