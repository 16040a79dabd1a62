"""What the collection computes from classified data (every function returns a DataFrame).

Modules: ``study`` (the run's configuration), ``parameters`` (every parameter's meaning
and check), ``summaries`` (counts, changes of
type), ``sensitivity`` and ``alternatives`` (how much the cut points decide),
``cooperation`` (Resolution 779 ratios, the selection of clusters), ``support``
(Table 2 measures per cluster), ``paper_tables`` (Tables 1 and 2 in the paper's
layout, the policy paragraphs against Table 2), ``scenarios`` (named parameter files),
``highlights`` (the clusters a figure of many picks out), ``claims`` (the ledger).
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submodules=["claims"], submod_attrs={
    "study": ["Study"],
    "highlights": ["HIGHLIGHTED", "HIGHLIGHT_RULE", "highlight_clusters"],
    "summaries": ["development_dysfunctions", "extra_columns", "keep_extra_columns",
                  "table3_wide", "transition_matrix", "transitions", "type_counts"],
    "sensitivity": ["REAL_TERMS_CHOICES", "deflator_coverage", "noise_probabilities",
                    "one_at_a_time", "real_terms", "real_terms_changes", "stability_margins",
                    "threshold_map"],
    "alternatives": ["RELATIVE_CLASSES_NOTE", "chance_agreement", "class_sizes", "cohen_kappa",
                     "compare_alternatives", "max_agreement"],
    "cooperation": ["cooperation_ratio", "participant_ratios", "reported_shares",
                    "select_clusters", "selection_counts"],
    "support": ["category_names", "development_options", "measure_changes", "measure_grid",
                "policy_summaries", "support_measures", "support_profile"],
    "paper_tables": ["paragraph_coverage", "table1", "table2", "table2_notes"],
    "scenarios": ["claims_against_paper", "compare_with_paper", "scenario_summary"],
    "parameters": ["Parameters", "check_parameters"],
    "claims": ["FORCES", "VERDICTS", "ClaimRules", "claims_table", "data_flips", "errata",
               "evaluate_claims", "flip_summary", "part_counts", "rule_flips", "rules_label",
               "verdict_flips", "verdict_of"],
})
