/**
 * `npm run bench -- reading`: the reading half of the core on ../shared/corpus.
 * - grouping: pairwise precision/recall/F1 of groupStories on all set-b docs vs cluster_id;
 * - topics and Hà Nội relevance: how each set is classified;
 * - throughput: summarize + classify + group over the whole corpus, one core,
 *   articles per second and peak memory.
 * Prints figures only; nothing here passes or fails.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { createClassifier } from '../src/digest/classify/index.js';
import { groupStoriesDetailed, pairwiseScores } from '../src/digest/group/index.js';
import type { Gazetteer, TopicConfig } from '../src/digest/model.js';
import { summarize } from '../src/digest/summarize/extractive.js';
import {
  CORPUS_MISSING_MESSAGE,
  corpusAvailable,
  loadAllCorpus,
  loadCorpus,
  parseCorpusTime,
} from '../tests/helpers/corpus.js';
import type { CorpusDoc } from '../tests/helpers/corpus.js';

export const name = 'reading';

const configDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'config');

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const mb = (x: number): string => `${(x / 1024 / 1024).toFixed(0)} MB`;

export async function run(): Promise<void> {
  if (!corpusAvailable()) {
    console.log(CORPUS_MISSING_MESSAGE);
    return;
  }
  const topics = parse(readFileSync(join(configDir, 'topics.yaml'), 'utf8')) as TopicConfig[];
  const gazetteer = parse(readFileSync(join(configDir, 'gazetteer.yaml'), 'utf8')) as Gazetteer;
  const classifier = createClassifier({ topics, gazetteer });

  // Grouping quality.
  const b = loadCorpus('b');
  const g = groupStoriesDetailed(
    b.map((d) => ({
      id: d.id,
      title: d.title,
      body: d.body,
      publishedAt: parseCorpusTime(d.published),
    })),
  );
  const s = pairwiseScores(g.groups, new Map(b.map((d) => [d.id, d.cluster_id ?? d.id])));
  const allPairs = (b.length * (b.length - 1)) / 2;
  console.log(
    `grouping, set b (${b.length} docs, ${new Set(b.map((d) => d.cluster_id)).size} clusters):`,
  );
  console.log(
    `  pairwise P ${s.precision.toFixed(3)}  R ${s.recall.toFixed(3)}  F1 ${s.f1.toFixed(3)}  ` +
      `groups ${g.groups.length}  LSH candidates ${g.candidatePairs} of ${allPairs} pairs (${pct(g.candidatePairs / allPairs)}), verified ${g.verifiedPairs}`,
  );

  // Topics and relevance per set.
  console.log('classification (title + body):');
  for (const set of ['a', 'b', 'c'] as const) {
    const docs = loadCorpus(set);
    let hanoi = 0;
    let none = 0;
    const counts = new Map<string, number>();
    for (const d of docs) {
      const c = classifier.classify({ title: d.title, body: d.body });
      if (c.hanoi) hanoi++;
      if (c.topics.length === 0) none++;
      for (const t of c.topics) counts.set(t.id, (counts.get(t.id) ?? 0) + 1);
    }
    const top = [...counts].sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k} ${v}`);
    console.log(
      `  set ${set}: ${docs.length} docs, Hà Nội ${hanoi} (${pct(hanoi / docs.length)}), no topic ${none}; ${top.join(', ')}`,
    );
  }

  // Throughput: the whole corpus, summarize + classify per article, then one grouping pass.
  const all = loadAllCorpus();
  const pass = (docs: CorpusDoc[]): void => {
    for (const d of docs) {
      summarize({ id: d.id, title: d.title, body: d.body });
      classifier.classify({ title: d.title, body: d.body });
    }
    groupStoriesDetailed(docs.map((d) => ({ id: d.id, title: d.title, body: d.body })));
  };
  pass(all); // warm-up (JIT)
  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const passes = 5;
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let p = 0; p < passes; p++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    pass(all);
    const c = process.cpuUsage(c0);
    times.push(performance.now() - t0);
    cpuTimes.push((c.user + c.system) / 1000);
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }
  // Per stage, in CPU time: on a shared machine wall time also counts other processes.
  const stage = (f: () => void): number => {
    const c0 = process.cpuUsage();
    f();
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1000;
  };
  const tSum = stage(() =>
    all.forEach((d) => summarize({ id: d.id, title: d.title, body: d.body })),
  );
  const tCls = stage(() =>
    all.forEach((d) => classifier.classify({ title: d.title, body: d.body })),
  );
  const tGrp = stage(() =>
    groupStoriesDetailed(all.map((d) => ({ id: d.id, title: d.title, body: d.body }))),
  );
  const best = Math.min(...times);
  const median = [...times].sort((x, y) => x - y)[Math.floor(times.length / 2)] as number;
  const bestCpu = Math.min(...cpuTimes);
  console.log(
    `throughput, summarize + classify + group, ${all.length} articles, one core, ${passes} passes:`,
  );
  console.log(
    `  wall clock: ${Math.round((all.length / best) * 1000)} articles/s best, ${Math.round((all.length / median) * 1000)} median; ` +
      `CPU time: ${Math.round((all.length / bestCpu) * 1000)} articles/s best (load average now ${loadavg()[0]?.toFixed(1) ?? '?'})`,
  );
  console.log(
    `  CPU per article: summarize ${(tSum / all.length).toFixed(3)} ms, classify ${(tCls / all.length).toFixed(3)} ms, group ${(tGrp / all.length).toFixed(3)} ms`,
  );
  console.log(`  peak memory: rss ${mb(peakRss)}, heap used ${mb(peakHeap)}`);
}
