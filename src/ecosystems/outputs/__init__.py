"""Writing outputs: the files every notebook saves, their provenance, escaping, profiles.

Modules: ``save`` (deterministic figures and tables), ``run_notes`` (what says an
output is not the paper's configuration), ``provenance`` (sidecars), ``escape``
(escaping and sanitizing user text), ``profiles`` and ``word`` (cluster profiles in
Markdown and Word).
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "save": ["LISTED", "MARKDOWN_ROWS", "SHOWN_ROWS", "listed", "save_figure", "save_table",
             "save_text", "shown_rows"],
    "provenance": ["check_sidecar", "stale_sidecars", "write_sidecar"],
    "escape": ["md_escape", "md_escape_cell", "typst_escape", "sanitize_html",
               "sanitize_notebook"],
    "profiles": ["MAX_PROFILES", "blocks_to_markdown", "cluster_profile_blocks",
                 "cluster_profile_markdown", "cluster_profiles_markdown", "join_lists",
                 "overview", "profiled_clusters"],
    "word": ["save_profiles_docx"],
})
