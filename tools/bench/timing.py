"""Wall-clock timing shared by the PyTorch twins beside this file (of apps/bench's suites): warm-up runs, then the
median of several timed runs, in ms, as apps/bench's measure() reports it."""
import time


def measure(fn, warmup=2, runs=9):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[runs // 2]
