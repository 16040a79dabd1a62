"""The claims ledger: the paper's statements checked against its data.

Modules: ``ledger`` (rules, verdicts), ``flips`` (verdicts under other
thresholds, rules and readings of the data), ``checks`` and ``checks_beyond_data`` (one check
per kind of claim: on the data, and on what lies beyond them), ``check_context`` (what
the checks share).
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "ledger": ["FORCES", "VERDICTS", "VERDICT_GROUPS", "ClaimRules", "claims_table", "errata",
               "evaluate_claims", "part_counts", "verdict_of"],
    "flips": ["data_flips", "flip_summary", "rule_flips", "rules_label", "verdict_flips"],
})
