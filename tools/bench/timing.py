"""Wall-clock timing shared by the PyTorch twins beside this file (of apps/bench's suites): warm-up runs, then the
median of several timed runs, in ms, as apps/bench's measure() reports it (and the fastest and slowest run); and the
flags and row output of the twins a suite runs itself (grad_torch.py, train_torch.py)."""
import argparse
import json
import time


def measure_spread(fn, warmup=2, runs=9):
    """(median, fastest, slowest) of `runs` timed calls of fn after `warmup` untimed ones, in ms."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    mid = runs // 2
    median = times[mid] if runs % 2 == 1 else (times[mid - 1] + times[mid]) / 2
    return median, times[0], times[-1]


def measure(fn, warmup=2, runs=9):
    return measure_spread(fn, warmup, runs)[0]


def twin_args(doc, suite):
    """--json and --quick, the flags of a twin that suite `suite` runs (its docstring `doc` describes it)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--json", action="store_true", help=f"one JSON row per line (the {suite} suite reads them)")
    parser.add_argument("--quick", action="store_true", help="the suite's --quick sizes, one timed run each")
    return parser.parse_args()


def recorder(as_json, width):
    """record(case, metric, value, low, high): one row, as a JSON line the suite reads or as text (case in `width`)."""

    def record(case, metric, value, low=None, high=None):
        if as_json:
            row = {"case": case, "metric": metric, "value": value}
            if low is not None:
                row["spread"] = [low, high]
            print(json.dumps(row), flush=True)
        else:
            spread = "" if low is None else f" ({low:.4g}-{high:.4g})"
            print(f"{case:{width}} {metric:10} {value:10.4g}{spread}", flush=True)

    return record
