"""Writing outputs: the files every notebook saves, their provenance, escaping, profiles.

Modules: ``save`` (deterministic figures and tables), ``run_notes`` (what says an
output is not the paper's configuration), ``provenance`` (sidecars), ``escape``
(escaping and sanitizing user text), ``profiles`` and ``word`` (cluster profiles in
Markdown and Word).
"""
