"""Wall-clock timing shared by the PyTorch benchmark scripts beside this file (the twin of timing.mjs): warm-up
runs, then the median of several timed runs, in ms."""
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
