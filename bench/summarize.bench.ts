/**
 * `npm run bench -- summarize`: the offline summarizer against the Lead-1 and
 * Lead-2 baselines on ../shared/corpus, at the same length (maxChars 280).
 * Syllable-level ROUGE-1/2/L F1 against the sapo (`lead`), figure recall
 * (figures of the sapo that occur in the body: the share a summary keeps),
 * unfaithful figures (numbers in a summary that are not in its source: must
 * be 0) and throughput; then multi-document ROUGE on the `b` clusters.
 */
import { summarize, summarizeGroup } from '../src/digest/summarize/extractive.js';
import { cutAtClause } from '../src/digest/summarize/cut.js';
import { rouge, type RougeScores } from '../src/digest/summarize/rouge.js';
import { stripDateline } from '../src/digest/summarize/clean.js';
import { figuresOf } from '../src/digest/text/numbers.js';
import { splitSentences } from '../src/digest/text/sentences.js';
import {
  CORPUS_MISSING_MESSAGE,
  CORPUS_SETS,
  corpusAvailable,
  loadClusters,
  loadCorpus,
  type CorpusDoc,
} from '../tests/helpers/corpus.js';

export const name = 'summarize';
const MAX_CHARS = 280;

/** Lead-n baseline: the first n sentences of the body, cut to the same length. */
function leadN(body: string, n: number): string {
  const text = splitSentences(stripDateline(body))
    .slice(0, n)
    .map((s) => s.text)
    .join(' ');
  return cutAtClause(text, MAX_CHARS);
}

/** Figures of the sapo that also occur in the body: what a reader wanted kept. */
function wantedFigures(doc: CorpusDoc): Set<string> {
  const body = figuresOf(doc.body);
  return new Set([...figuresOf(stripDateline(doc.lead))].filter((v) => body.has(v)));
}

function pct(x: number): string {
  return (100 * x).toFixed(2).padStart(6);
}

interface Row {
  r: RougeScores;
  kept: number;
  wanted: number;
}

function total(rows: Row[]): { r1: number; r2: number; rl: number; recall: number } {
  const n = rows.length || 1;
  const wanted = rows.reduce((a, x) => a + x.wanted, 0);
  return {
    r1: rows.reduce((a, x) => a + x.r.rouge1, 0) / n,
    r2: rows.reduce((a, x) => a + x.r.rouge2, 0) / n,
    rl: rows.reduce((a, x) => a + x.r.rougeL, 0) / n,
    recall: wanted ? rows.reduce((a, x) => a + x.kept, 0) / wanted : 0,
  };
}

function row(candidate: string, doc: CorpusDoc, wanted: Set<string>): Row {
  const have = figuresOf(candidate);
  let kept = 0;
  for (const v of wanted) if (have.has(v)) kept++;
  return { r: rouge(candidate, stripDateline(doc.lead)), kept, wanted: wanted.size };
}

export async function run(): Promise<void> {
  if (!corpusAvailable()) {
    console.log(CORPUS_MISSING_MESSAGE);
    return;
  }
  console.log(
    `maxChars ${MAX_CHARS}; ROUGE F1 (%) vs lead, syllable level; figure recall = share of lead figures (also in body) kept`,
  );
  console.log('set  system   ROUGE-1 ROUGE-2 ROUGE-L  fig.recall  unfaithful  avg.chars');
  for (const set of Object.keys(CORPUS_SETS) as (keyof typeof CORPUS_SETS)[]) {
    const docs = loadCorpus(set);
    const rows: Record<'project' | 'lead1' | 'lead2', Row[]> = {
      project: [],
      lead1: [],
      lead2: [],
    };
    const chars: Record<'project' | 'lead1' | 'lead2', number> = { project: 0, lead1: 0, lead2: 0 };
    let unfaithful = 0;
    for (const doc of docs) {
      const wanted = wantedFigures(doc);
      const s = summarize(
        { id: doc.id, title: doc.title, body: doc.body },
        { maxChars: MAX_CHARS },
      ).text;
      const source = figuresOf(`${doc.title}\n${doc.body}`);
      for (const v of figuresOf(s)) if (!source.has(v)) unfaithful++;
      const l1 = leadN(doc.body, 1);
      const l2 = leadN(doc.body, 2);
      rows.project.push(row(s, doc, wanted));
      rows.lead1.push(row(l1, doc, wanted));
      rows.lead2.push(row(l2, doc, wanted));
      chars.project += s.length;
      chars.lead1 += l1.length;
      chars.lead2 += l2.length;
    }
    for (const sys of ['project', 'lead1', 'lead2'] as const) {
      const t = total(rows[sys]);
      console.log(
        `${set}    ${sys.padEnd(8)} ${pct(t.r1)}  ${pct(t.r2)}  ${pct(t.rl)}     ${pct(t.recall)}  ${sys === 'project' ? String(unfaithful).padStart(10) : '         -'}  ${(chars[sys] / docs.length).toFixed(0).padStart(9)}`,
      );
    }
    const p = total(rows.project);
    const best = Math.max(total(rows.lead1).rl, total(rows.lead2).rl);
    const l1r = total(rows.lead1).recall;
    console.log(
      `${set}    ROUGE-L margin over best lead: ${(100 * (p.rl - best)).toFixed(2)} points; figure recall ${l1r ? (p.recall / l1r).toFixed(2) : 'n/a'}× Lead-1's (n=${docs.length})`,
    );
  }

  // Throughput over the whole corpus, several passes so timing noise stays small.
  const all = [...loadCorpus('a'), ...loadCorpus('b'), ...loadCorpus('c')].map((d) => ({
    id: d.id,
    title: d.title,
    body: d.body,
  }));
  for (const d of all) summarize(d); // warm-up
  const passes = 5;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let p = 0; p < passes; p++) for (const d of all) summarize(d, { maxChars: MAX_CHARS });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const n = all.length * passes;
  // CPU time is reported beside wall time: on a shared, loaded machine wall time overstates the cost.
  console.log(
    `throughput (summarize only, one core): ${(n / (ms / 1000)).toFixed(0)} articles/s wall (${((ms / n) * 1000).toFixed(0)} µs/article), ` +
      `${(n / (cpuMs / 1000)).toFixed(0)} articles/s CPU (${((cpuMs / n) * 1000).toFixed(0)} µs/article); ${n} summaries; ` +
      `heap used ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`,
  );

  // Multi-document: summarizeGroup on b clusters vs the two human references.
  const byId = new Map(loadCorpus('b').map((d) => [d.id, d]));
  const groupRows: { mean: RougeScores }[] = [];
  const firstRows: { mean: RougeScores }[] = [];
  const avg = (a: RougeScores, b: RougeScores): RougeScores => ({
    rouge1: (a.rouge1 + b.rouge1) / 2,
    rouge2: (a.rouge2 + b.rouge2) / 2,
    rougeL: (a.rougeL + b.rougeL) / 2,
  });
  for (const c of loadClusters()) {
    const docs = c.doc_ids.map((id) => byId.get(id)).filter((d): d is CorpusDoc => d !== undefined);
    if (docs.length === 0) continue;
    const g = summarizeGroup(
      docs.map((d) => ({ id: d.id, title: d.title, body: d.body })),
      { maxChars: MAX_CHARS },
    ).text;
    const f = summarize(
      { id: docs[0]!.id, title: docs[0]!.title, body: docs[0]!.body },
      { maxChars: MAX_CHARS },
    ).text;
    groupRows.push({ mean: avg(rouge(g, c.ref1), rouge(g, c.ref2)) });
    firstRows.push({ mean: avg(rouge(f, c.ref1), rouge(f, c.ref2)) });
  }
  const mean = (rs: { mean: RougeScores }[], k: keyof RougeScores): string =>
    pct(rs.reduce((a, r) => a + r.mean[k], 0) / (rs.length || 1));
  console.log(
    `multi-doc (b clusters with docs here: ${groupRows.length}), mean of ref1/ref2, maxChars ${MAX_CHARS}:`,
  );
  console.log(
    `  summarizeGroup        R1 ${mean(groupRows, 'rouge1')}  R2 ${mean(groupRows, 'rouge2')}  RL ${mean(groupRows, 'rougeL')}`,
  );
  console.log(
    `  summarize(first doc)  R1 ${mean(firstRows, 'rouge1')}  R2 ${mean(firstRows, 'rouge2')}  RL ${mean(firstRows, 'rougeL')}`,
  );
}
