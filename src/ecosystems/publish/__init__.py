"""Publishing: bytes on disk, their provenance, the reviewer's book, profiles, the runner, the CLI.

Modules: ``output`` (deterministic figures and tables), ``provenance``
(sidecars), ``report`` (the reviewer's book: builder and folder safety),
``pages`` (its generated pages), ``replication`` (the replication report),
``exhibits`` (the exhibit map), ``pdf`` (the report as PDF: pandoc, Typst),
``escape`` (escaping and sanitizing user text), ``book/`` (the Sphinx
configuration and extensions), ``profiles`` and ``docx`` (cluster profiles in
Markdown and Word), ``static_explorer`` with ``static_chart`` and
``static_page`` (the explorer as one HTML file, no server), ``pipeline``
(running notebooks), ``cli`` (``python -m ecosystems``).
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "output": ["LISTED", "MARKDOWN_ROWS", "SHOWN_ROWS", "listed", "save_figure", "save_table",
               "save_text", "shown_rows"],
    "provenance": ["check_sidecar", "stale_sidecars", "write_sidecar"],
    "report": ["build_report"],
    "escape": ["md_escape", "md_escape_cell", "typst_escape", "sanitize_html",
               "sanitize_notebook"],
    "profiles": ["MAX_PROFILES", "blocks_to_markdown", "cluster_profile_blocks",
                 "cluster_profile_markdown", "cluster_profiles_markdown", "join_lists",
                 "overview", "profiled_clusters"],
    "docx": ["save_profiles_docx"],
    "static_explorer": ["static_explorer_html", "write_static_explorer"],
})
