"""gevent peer for the events/queues/locks/pools scenarios (benchmarks/run-sync.sh).

Usage: python3 sync_bench.py SCENARIO [N] [ROUNDS]

  queue     a producer greenlet puts N items into Queue(), a consumer greenlet gets them
  queue1    the same through Queue(maxsize=1): every put waits for the previous item's get
  channel   the same through Channel(): a rendezvous, every put waits for a get
  map       Pool().map of a trivial function over N items (no bound on the pool)
  map100    Pool(100).map of the same (at most 100 greenlets at a time)

N defaults to 100000 (the items handed over, or mapped). Each run does 3 warm-up rounds, then
ROUNDS (5) measured ones, and reports the median round in ns per item. Prints one JSON line on
stdout, in the format of shared/bench (README "Output"): value, unit, params, rounds, runtime.
"""
import json
import statistics
import sys
import time

import gevent
from gevent.pool import Pool
from gevent.queue import Channel, Queue

# warm-up rounds run before the measured ones (same in every peer)
WARMUP_ROUNDS = 3


def emit(d):
    d['runtime'] = 'gevent %s / %s / python %s' % (
        gevent.__version__, gevent.config.loop.__module__.split('.')[1],
        sys.version.split()[0])
    sys.stdout.write(json.dumps(d) + '\n')
    sys.stdout.flush()


def handoff_round(make_queue, n):
    # a producer greenlet puts 0..n-1, a consumer greenlet gets n items and sums them
    q = make_queue()
    total = [0]

    def producer():
        put = q.put
        for i in range(n):
            put(i)

    def consumer():
        get = q.get
        s = 0
        for _ in range(n):
            s += get()
        total[0] = s

    t0 = time.perf_counter_ns()
    gevent.joinall([gevent.spawn(producer), gevent.spawn(consumer)])
    ns = (time.perf_counter_ns() - t0) / n
    if total[0] != n * (n - 1) // 2:
        raise AssertionError('items lost or duplicated: sum %d' % total[0])
    return ns


def trivial(x):
    return x


def map_round(size, n):
    # Pool(size).map of a trivial function over range(n); the results are checked
    items = range(n)
    t0 = time.perf_counter_ns()
    results = Pool(size).map(trivial, items)
    ns = (time.perf_counter_ns() - t0) / n
    if len(results) != n or results[-1] != n - 1:
        raise AssertionError('map returned %d results' % len(results))
    return ns


SCENARIOS = {
    'queue': lambda n: handoff_round(Queue, n),
    'queue1': lambda n: handoff_round(lambda: Queue(1), n),
    'channel': lambda n: handoff_round(Channel, n),
    'map': lambda n: map_round(None, n),
    'map100': lambda n: map_round(100, n),
}


def main():
    scenario = sys.argv[1] if len(sys.argv) > 1 else ''
    if scenario not in SCENARIOS:
        sys.stderr.write(__doc__)
        sys.exit(2)
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    run = SCENARIOS[scenario]
    for _ in range(WARMUP_ROUNDS):  # warm-up rounds, not reported
        run(n)
    rs = [run(n) for _ in range(rounds)]
    emit({'scenario': scenario, 'value': statistics.median(rs), 'unit': 'ns/item',
          'params': {'n': n, 'rounds': rounds}, 'rounds': rs})


if __name__ == '__main__':
    main()
