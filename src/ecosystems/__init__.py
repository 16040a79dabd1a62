"""ecosystems: re-running the industrial-ecosystem typology of Mityakov et al.

Public API
----------
Thresholds, classify, level_codes
    The 3x3 typology (Table 1) and its cut points.
load_indicators, DataError
    Reading cluster indicator tables (Table 3 or your own).
type_table, type_names, type_slugs, clusters, cluster_names, label
    Reference data from ``data/`` (names in English and Russian).
table3_wide, type_counts, transitions, transition_matrix, development_dysfunctions
    Summary tables.
phase_portrait, phase_portrait_grid
    The paper's Fig. 1: trajectories over the nine type regions, and small multiples.
save_figure, save_table, cluster_palette, apply_style
    Deterministic outputs and the collection's look.
support_measures, support_profile, measure_changes, development_options, policy_summaries,
table1, table2, category_names, overview, cluster_profile_markdown, cluster_profiles_markdown,
join_lists
    Differentiated support measures (Table 2) for every cluster, in English or Russian.
Explorer, ExplorerApp, ExplorerState
    The interactive threshold explorer (logic, and its ipywidgets front end).
evaluate_claims, verdict_flips, ClaimRules, claims_table, errata, verdict_of, threshold_label
    The claims ledger: the paper's statements checked against its data.
"""

from .claims import (
    VERDICTS,
    ClaimRules,
    claims_table,
    errata,
    evaluate_claims,
    threshold_label,
    verdict_flips,
    verdict_of,
)
from .errors import DataError
from .explorer import Explorer, ExplorerApp, ExplorerState
from .loaders import load_indicators
from .output import save_figure, save_table
from .plots import phase_portrait, phase_portrait_grid
from .profiles import cluster_profile_markdown, cluster_profiles_markdown, join_lists, overview
from .reference import cluster_names, clusters, label, type_names, type_slugs, type_table
from .style import apply_style, cluster_palette
from .support import (
    category_names,
    development_options,
    measure_changes,
    policy_summaries,
    support_measures,
    support_profile,
    table1,
    table2,
)
from .tables import (
    development_dysfunctions,
    table3_wide,
    transition_matrix,
    transitions,
    type_counts,
)
from .thresholds import Thresholds
from .typology import classify, level_codes

__version__ = "0.1.0"

__all__ = [
    "VERDICTS",
    "ClaimRules",
    "claims_table",
    "errata",
    "evaluate_claims",
    "threshold_label",
    "verdict_flips",
    "verdict_of",
    "DataError",
    "Explorer",
    "ExplorerApp",
    "ExplorerState",
    "Thresholds",
    "apply_style",
    "classify",
    "cluster_names",
    "cluster_palette",
    "clusters",
    "development_dysfunctions",
    "label",
    "level_codes",
    "load_indicators",
    "phase_portrait",
    "phase_portrait_grid",
    "save_figure",
    "save_table",
    "table3_wide",
    "transition_matrix",
    "transitions",
    "type_counts",
    "type_names",
    "type_slugs",
    "type_table",
    "category_names",
    "development_options",
    "measure_changes",
    "policy_summaries",
    "support_measures",
    "support_profile",
    "table1",
    "table2",
    "cluster_profile_markdown",
    "cluster_profiles_markdown",
    "overview",
    "join_lists",
]
