"""The claims ledger: the paper's statements checked against its data.

Modules: ``ledger`` (verdicts, flips, rules), ``checks`` (one check per kind
of claim), ``context`` (what the checks share).
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "ledger": ["VERDICTS", "ClaimRules", "claims_table", "errata", "evaluate_claims",
               "rule_flips", "rules_label", "verdict_flips", "verdict_of"],
})
