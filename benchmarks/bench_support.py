"""How long the support profile and development options take (the explorer calls them per change).

Prints the median wall time of each call over repeated runs on Table 3 (36 cluster-years) and on a
synthetic 50x larger table (labelled synthetic; seeded).
"""

import statistics
import time

import harness
import numpy as np
import pandas as pd

import ecosystems as eco


def median_ms(fn, repeat=15):
    fn()  # warm the caches (data files are read once)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main(argv=None):
    cli = harness.parser(__doc__)
    cli.add_argument("--repeat", type=int, default=15, help="timed runs per call (default 15)")
    args = cli.parse_args(argv)
    harness.header(__file__)
    table3 = eco.load_indicators()
    rng = np.random.default_rng(8)
    synthetic = pd.concat(
        [table3.assign(cluster=table3["cluster"] + f" (synthetic {i})",
                       rd_per_employee=rng.uniform(0, 0.6, len(table3)),
                       value_added_per_employee=rng.uniform(0, 6, len(table3)))
         for i in range(50)], ignore_index=True)
    for name, data in (("table3", table3), ("synthetic_x50", synthetic)):
        classified = eco.classify(data)
        n = len(classified)
        print(f"{name}: {n} cluster-years")
        calls = {
            "classify + support_profile": lambda d=data: eco.support_profile(eco.classify(d)),
            "support_profile": lambda c=classified: eco.support_profile(c),
            "development_options": lambda c=classified: eco.development_options(c),
        }
        for label, call in calls.items():
            print(f"  {label:<28} {median_ms(call, args.repeat):7.1f} ms "
                  f"(median of {args.repeat})")
    harness.footer()


if __name__ == "__main__":
    main()
