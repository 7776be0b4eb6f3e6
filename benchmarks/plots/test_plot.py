"""Tests of plot.py: run by `benchmarks/plots/plot.sh --check` (python3 -m unittest test_plot)."""
import contextlib
import io
import json
import os
import re
import shutil
import tempfile
import unittest

import plot


def line(**kw):
    base = {'scenario': 'http', 'variant': 'c=50', 'unit': 'req/s', 'discarded': 0, 'others_cpu_pct': 0.5,
            'loadavg': 1.0, 'rep': 1}
    base.update(kw)
    return base


class Results:
    """A throw-away results folder."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix='plot-test-')

    def add(self, name, lines, meta=None, jmh=None):
        path = os.path.join(self.dir, name)
        os.makedirs(path)
        with open(os.path.join(path, 'raw.jsonl'), 'w') as f:
            for item in lines:
                f.write(json.dumps(item) + '\n')
        with open(os.path.join(path, 'run.json'), 'w') as f:
            json.dump(meta or {'command': 'run.sh', 'commit': 'main abc1234', 'section': 'S'}, f)
        if jmh is not None:
            with open(os.path.join(path, 'jmh.json'), 'w') as f:
                json.dump(jmh, f)
        return path

    def close(self):
        shutil.rmtree(self.dir)


class StatsTest(unittest.TestCase):
    def setUp(self):
        self.results = Results()

    def tearDown(self):
        self.results.close()

    def test_median_over_kept_reps_only(self):
        self.results.add('20260101-0000-http', [
            line(peer='gevent4j', value=100.0, rep=1), line(peer='gevent4j', value=300.0, rep=2),
            line(peer='gevent4j', value=200.0, rep=3),
            line(peer='gevent4j', value=9999.0, rep=3, discarded=1),   # repeated for noise: not counted
            line(peer='gevent4j', value=None, rep=4),                  # failed run: not counted
        ])
        run = plot.load_runs(self.results.dir)[0]
        self.assertEqual(200.0, run.stat('http', 'gevent4j', 'c=50'))
        self.assertEqual([100.0, 300.0, 200.0], [v for v, _ in run.values('http', 'gevent4j', 'c=50')])

    def test_variants_sort_by_concurrency_not_text(self):
        self.results.add('20260101-0000-http', [line(peer='go', value=1.0, variant=v) for v in ('c=500', 'c=50')])
        self.assertEqual(['c=50', 'c=500'], plot.load_runs(self.results.dir)[0].variants('http'))

    def test_ratio_says_how_many_times_better_gevent4j_is(self):
        self.assertEqual(2.0, plot.ratio('req/s', 200.0, 100.0))    # throughput: higher is better
        self.assertEqual(2.0, plot.ratio('ns/task', 100.0, 200.0))  # time and bytes: lower is better
        self.assertEqual(0.5, plot.ratio('B/task', 200.0, 100.0))
        self.assertIsNone(plot.ratio('req/s', None, 100.0))

    def test_charts_take_the_newest_quiet_run(self):
        both = lambda v: [line(peer=p, value=v) for p in ('gevent', 'go', 'gevent4j')]
        self.results.add('20260101-0000-http-l1', both(1.0))
        self.results.add('20260102-0000-http-l1', both(2.0))
        self.results.add('20260103-0000-http-l1', [dict(x, loadavg=9.0) for x in both(3.0)])           # loaded
        self.results.add('20260104-0000-http-l1', [dict(x, others_cpu_pct=50.0) for x in both(4.0)])   # disturbed
        runs = plot.load_runs(self.results.dir)
        chosen = {c.file: c.shown for c in plot.charts(runs)}
        self.assertEqual(['20260102-0000-http-l1'], [r.name for r in chosen['http-hello.svg']])
        self.assertEqual(4, len(chosen['http-hello-history.svg']))  # the history shows every run

    def test_a_loaded_run_is_charted_only_without_a_quiet_one_and_marked(self):
        self.results.add('20260101-0000-memory', [
            line(scenario='memory', unit='B/task', variant='count=1000', peer=p, value=900.0, others_cpu_pct=60.0)
            for p in ('java', 'gevent4j')])
        runs = plot.load_runs(self.results.dir)
        memory = [c for c in plot.charts(runs) if c.file == 'memory.svg']
        self.assertEqual(1, len(memory))
        self.assertIn('NOT QUIET, others 60 %', plot.describe(memory[0].shown[0]))
        self.assertIn('NOT QUIET', plot.summary(plot.charts(runs), ''))

    def test_charts_without_a_quiet_run_are_listed_with_their_command(self):
        self.results.add('20260101-0000-memory', [
            line(scenario='memory', unit='B/task', variant='count=1000', peer='gevent4j', value=900.0)])
        todo = dict(plot.pending(plot.load_runs(self.results.dir)))
        self.assertEqual(2, len(todo))
        self.assertTrue(all('run.sh' in command and '--target-name gevent4j' in command for command in todo.values()))
        self.assertIn('Not charted yet', plot.summary([], '', list(todo.items())))

    def test_add_copies_results_but_not_logs(self):
        src = tempfile.mkdtemp(prefix='plot-test-src-')
        try:
            os.makedirs(os.path.join(src, 'logs'))
            for name, text in (('raw.jsonl', json.dumps(line(peer='go', value=1.0)) + '\n'), ('report.md', 'r'),
                               ('versions.md', '- date: 2026-03-04T05:06:07Z; host: x'), ('logs/a.out', 'log'),
                               ('handoff.json', '[]')):
                with open(os.path.join(src, name), 'w') as f:
                    f.write(text)
            with contextlib.redirect_stdout(io.StringIO()):
                target = plot.add_run(src, 'http-l1', 'run.sh http', 'main abc1234', 'S', results=self.results.dir)
            self.assertEqual('20260304-0506-http-l1', os.path.basename(target))
            self.assertEqual(['raw.jsonl', 'report.md', 'run.json', 'versions.md'], sorted(os.listdir(target)))
            run = plot.load_runs(self.results.dir)[0]
            self.assertEqual({'command': 'run.sh http', 'commit': 'main abc1234', 'section': 'S'}, run.meta)
            with contextlib.redirect_stdout(io.StringIO()):
                jmh = plot.add_run(os.path.join(src, 'handoff.json'), 'x-jmh', 'bench', 'main abc1234', 'S', '1.0',
                                   results=self.results.dir)
            self.assertEqual(['jmh.json', 'run.json'], sorted(os.listdir(jmh)))
            self.assertEqual('1.0', plot.load_runs(self.results.dir)[1].meta['load'])
        finally:
            shutil.rmtree(src)

    def test_jmh_methods_are_told_apart_by_their_names(self):
        self.assertEqual('gevent4j', plot.jmh_peer('HandoffBenchmark', 'queue16'))
        self.assertEqual('java', plot.jmh_peer('HandoffBenchmark', 'linkedBlockingQueue'))
        self.assertEqual('java-1p', plot.jmh_peer('HandoffBenchmark', 'joxRendezvousOneCarrier'))
        self.assertEqual('java-1p', plot.jmh_peer('JdkVirtualThreadBenchmark', 'spawnJoinOneCarrier'))


class MarkdownTest(unittest.TestCase):
    def test_github_anchors(self):
        md = '# T\n## Issue 10: L1 (main at `76427dd`, load ~1)\n```\n## not a heading\n```\n### L3: x\n### L3: x\n'
        anchors = plot.slugs(md)
        self.assertEqual('issue-10-l1-main-at-76427dd-load-1', anchors['Issue 10: L1 (main at `76427dd`, load ~1)'])
        self.assertNotIn('not a heading', anchors)
        self.assertEqual('l3-x', anchors['L3: x'])

    def test_summary_goes_below_the_intro_once_and_is_replaced_in_place(self):
        md = '# Title\n\nIntro.\n\n## 1. First\n\ntext\n'
        block = plot.BEGIN + '\nA\n' + plot.END
        once = plot.splice(md, block)
        self.assertTrue(once.startswith('# Title\n\nIntro.\n\n' + plot.BEGIN))
        self.assertTrue(once.endswith('\n\n## 1. First\n\ntext\n'))
        twice = plot.splice(once, plot.BEGIN + '\nB\n' + plot.END)
        self.assertEqual(once.replace('\nA\n', '\nB\n'), twice)


def quoted(v):
    """How a table may show v: all its digits, or rounded to 4 or 3 significant ones."""
    if v < 100:
        return {'%.1f' % v}
    return {'{:,.0f}'.format(round(v, digits)) for digits in (0, 3 - len(str(int(v))), 4 - len(str(int(v))))}


class CommittedResultsTest(unittest.TestCase):
    """The committed results: every run says what produced it, and BENCHMARKS.md quotes it."""

    @classmethod
    def setUpClass(cls):
        cls.runs = plot.load_runs()
        with open(plot.BENCHMARKS_MD, encoding='utf-8') as f:
            cls.markdown = f.read()

    def section(self, heading):
        m = re.search(r'^(#+) ' + re.escape(heading) + r'\n', self.markdown, re.M)
        self.assertIsNotNone(m, heading)
        rest = self.markdown[m.end():]
        end = re.search(r'^#{1,%d} ' % len(m.group(1)), rest, re.M)
        return rest[:end.start()] if end else rest

    def test_every_run_names_its_command_commit_and_section(self):
        self.assertGreater(len(self.runs), 0)
        for run in self.runs:
            with self.subTest(run=run.name):
                self.assertRegex(run.name, r'^\d{8}-\d{4}-[a-z0-9-]+$')
                self.assertTrue(run.meta.get('command'))
                self.assertTrue(run.meta.get('commit'))
                self.assertTrue(run.lines or run.jmh)
                self.section(run.meta['section'])

    def test_benchmarks_md_quotes_gevent4j_figures_of_every_run(self):
        for run in self.runs:
            text = self.section(run.meta['section'])
            for scenario in run.scenarios():
                for peer in [p for p in run.peers(scenario) if p.startswith('gevent4j')]:
                    for variant in run.variants(scenario):
                        v = run.stat(scenario, peer, variant)
                        if v is None:   # a failed run, said so in the section
                            continue
                        with self.subTest(run=run.name, scenario=scenario, peer=peer, variant=variant):
                            shown = quoted(v)
                            self.assertTrue(any(q in text for q in shown), '%s: none of %s in its section' % (v, shown))
            for entry in run.jmh:
                with self.subTest(run=run.name, benchmark=entry['benchmark']):
                    self.assertIn('{:,.1f}'.format(entry['primaryMetric']['score']), text)

    def test_summary_links_only_to_committed_files(self):
        start = self.markdown.index(plot.BEGIN)
        block = self.markdown[start:self.markdown.index(plot.END)]
        targets = re.findall(r'\]\(((?:benchmarks)/[^)#]+)\)', block)
        self.assertGreater(len(targets), 0)
        for target in targets:
            self.assertTrue(os.path.exists(os.path.join(plot.ROOT, target)), target)
        anchors = set(plot.slugs(self.markdown).values())
        for anchor in re.findall(r'\]\(#([^)]+)\)', block):
            self.assertIn(anchor, anchors)


class RenderTest(unittest.TestCase):
    def test_svg_is_deterministic_and_undated(self):
        _, plt = plot.require_matplotlib()
        runs = plot.load_runs()
        memory = [c for c in plot.charts(runs) if c.file == 'memory.svg']
        self.assertEqual(1, len(memory))
        outputs = []
        with tempfile.TemporaryDirectory() as tmp:
            for i in range(2):
                fig = memory[0].factory(plt)
                path = os.path.join(tmp, '%d.svg' % i)
                fig.savefig(path, format='svg', metadata={'Date': None})
                plt.close(fig)
                with open(path, encoding='utf-8') as f:
                    outputs.append(f.read())
        self.assertEqual(outputs[0], outputs[1])
        self.assertNotIn('<dc:date>', outputs[0])
        self.assertIn('gevent4j', outputs[0])   # text kept as text

    def test_jmh_file_is_drawn(self):
        jmh = [r for r in plot.load_runs() if r.jmh][0]
        with tempfile.TemporaryDirectory() as tmp:
            with contextlib.redirect_stdout(io.StringIO()):
                self.assertEqual(0, plot.main(['--jmh', os.path.join(jmh.path, 'jmh.json'), '--out', tmp]))
            with open(os.path.join(tmp, 'jmh-%s.svg' % jmh.name), encoding='utf-8') as f:
                self.assertIn('queueUnbounded', f.read())


if __name__ == '__main__':
    unittest.main()
