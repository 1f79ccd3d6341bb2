"""Wall-clock timing shared by the PyTorch twins beside this file (of apps/bench's suites): warm-up runs, then the
median of several timed runs, in ms, as apps/bench's measure() reports it (and the fastest and slowest run)."""
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
