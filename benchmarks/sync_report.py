#!/usr/bin/env python3
"""Markdown report of a run-sync.sh results file (standard library only).

  python3 sync_report.py RAW.jsonl

One row per scenario: the median over the kept runs of each peer (ns per item, lower is better),
every kept gevent4j run, how many times faster gevent4j is than each peer, and the two targets:
at least 10x faster than gevent, and no slower than the java.util.concurrent equivalent (checked
against java and java-1p separately).
"""
import json
import statistics
import sys

WHAT = {
    'queue': 'Queue() hand-off, producer -> consumer (j.u.c: LinkedBlockingQueue)',
    'queue1': 'Queue(1) hand-off (j.u.c: ArrayBlockingQueue(1))',
    'channel': 'Channel hand-off (j.u.c: SynchronousQueue)',
    'map': 'Pool().map of a trivial function (j.u.c: virtual-thread-per-task executor)',
    'map100': 'Pool(100).map (j.u.c: newFixedThreadPool(100) of virtual threads)',
}
PEERS = ['gevent', 'java', 'java-1p', 'gevent4j']


def fmt(v):
    if v is None:
        return 'n/a'
    return '%.0f' % v if v >= 100 else '%.1f' % v


def ratio(a, b):
    # how many times faster b is than a (a/b for ns)
    if a is None or b is None or b == 0:
        return None
    return a / b


def main():
    rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
    kept = [r for r in rows if not r.get('discarded') and r.get('value') is not None]
    failed = [r for r in rows if r.get('value') is None]
    scenarios = []
    for r in rows:
        if r['scenario'] not in scenarios:
            scenarios.append(r['scenario'])
    peers = [p for p in PEERS if any(r['peer'] == p for r in rows)]

    def values(scen, peer):
        return [r['value'] for r in kept if r['scenario'] == scen and r['peer'] == peer]

    def med(scen, peer):
        v = values(scen, peer)
        return statistics.median(v) if v else None

    head = ['scenario'] + ['%s ns/item' % p for p in peers]
    if 'gevent4j' in peers:
        head += ['gevent4j runs'] + ['vs %s' % p for p in peers if p != 'gevent4j']
        head += ['>= 10x gevent', '<= j.u.c']
    head += ['noise %']
    print('| ' + ' | '.join(head) + ' |')
    print('|' + '---|' * len(head))
    for scen in scenarios:
        cells = ['`%s`: %s' % (scen, WHAT.get(scen, ''))]
        m = {p: med(scen, p) for p in peers}
        cells += [fmt(m[p]) for p in peers]
        if 'gevent4j' in peers:
            g = m['gevent4j']
            cells.append(', '.join(fmt(v) for v in values(scen, 'gevent4j')))
            for p in peers:
                if p != 'gevent4j':
                    x = ratio(m[p], g)
                    cells.append('n/a' if x is None else '%.2fx' % x)
            x = ratio(m.get('gevent'), g)
            cells.append('n/a' if x is None else ('pass' if x >= 10 else 'FAIL'))
            juc = [(p, ratio(m.get(p), g)) for p in ('java', 'java-1p') if p in peers]
            cells.append(', '.join('%s %s' % ('n/a' if x is None else ('pass' if x >= 1 else 'FAIL'), p)
                                   for p, x in juc) or 'n/a')
        noise = [max(r.get('quiet_pct_before', 0), r.get('others_cpu_pct', 0))
                 for r in kept if r['scenario'] == scen]
        cells.append('%.0f' % max(noise) if noise else 'n/a')
        print('| ' + ' | '.join(cells) + ' |')
    print()
    ns = sorted({r.get('params', {}).get('n') for r in kept} - {None})
    print('n = %s items per round. Medians over %d kept runs (%d discarded for noise, %d failed). '
          '"vs X" = X\'s time / gevent4j\'s: how many times faster gevent4j is. noise %% = the highest, '
          'over the kept runs, of busy CPU in the 1 s check before a run and CPU used by other '
          'processes during it.'
          % (', '.join(str(n) for n in ns) or '?', len(kept), sum(1 for r in rows if r.get('discarded')),
             len(failed)))


if __name__ == '__main__':
    main()
