/**
 * Extraction quality and speed on real text: every ../shared/corpus article
 * (all three sets) is rendered into each outlet-like template, extracted back,
 * and the extracted body is compared with the true body (token F1). The peer,
 * @mozilla/readability on jsdom, runs on the same pages in the same process.
 * Targets: body F1 ≥ 0.97 and ≥ 3× the peer's speed.
 */
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { OUTLET_TEMPLATES, renderArticlePage } from '../src/demo/outlet-templates.js';
import type { OutletTemplate } from '../src/demo/outlet-templates.js';
import { extractArticle } from '../src/digest/gather/extract-article.js';
import { CORPUS_MISSING_MESSAGE, corpusAvailable, loadAllCorpus } from '../tests/helpers/corpus.js';

export const name = 'extraction';

/**
 * The corpus lost its paragraph breaks: split the body at sentence ends
 * (a period, "!" or "?" followed by space and a capital) into paragraphs of
 * about three sentences, so pages look like real articles.
 */
export function toParagraphs(body: string, perParagraph = 3): string[] {
  const sentences = body.split(/(?<=[.!?…])\s+(?=[\p{Lu}“"])/u).filter((s) => s.trim());
  const out: string[] = [];
  for (let i = 0; i < sentences.length; i += perParagraph)
    out.push(sentences.slice(i, i + perParagraph).join(' '));
  return out;
}

export function tokens(s: string): string[] {
  return s
    .normalize('NFC')
    .toLowerCase()
    .split(/[\s.,;:!?“”"'()[\]…–—-]+/u)
    .filter(Boolean);
}

/** Token-multiset F1 of `got` against `want`. */
export function tokenF1(got: string, want: string): number {
  const g = tokens(got);
  const w = tokens(want);
  if (!g.length || !w.length) return g.length === w.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const t of w) counts.set(t, (counts.get(t) ?? 0) + 1);
  let overlap = 0;
  for (const t of g) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      overlap++;
      counts.set(t, c - 1);
    }
  }
  if (!overlap) return 0;
  const p = overlap / g.length;
  const r = overlap / w.length;
  return (2 * p * r) / (p + r);
}

interface Page {
  doc: number;
  html: string;
  url: string;
  body: string;
  template: OutletTemplate;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

export async function run(): Promise<void> {
  if (!corpusAvailable()) {
    console.log(CORPUS_MISSING_MESSAGE);
    return;
  }
  const docs = loadAllCorpus();
  const pages: Page[] = [];
  docs.forEach((d, i) => {
    const url = `https://bench.example/${encodeURIComponent(d.id)}.html`;
    const published = d.published ? new Date(Date.UTC(2024, 1, 7, 16, 41) - i * 60_000) : null;
    for (const template of OUTLET_TEMPLATES) {
      const html = renderArticlePage(
        {
          title: d.title,
          lead: d.lead,
          paragraphs: toParagraphs(d.body),
          publishedAt: published,
          author: i % 3 === 0 ? 'Nguyễn Văn Bình' : null,
          url,
        },
        template,
      );
      pages.push({ doc: i, html, url, body: d.body, template });
    }
  });
  console.log(
    `${docs.length} corpus articles × ${OUTLET_TEMPLATES.length} templates = ${pages.length} pages`,
  );

  const ours = (
    useHints: boolean,
    subset: Page[] = pages,
  ): { f1: number[]; perSec: number; failures: number; byTemplate: Map<string, number[]> } => {
    const f1: number[] = [];
    const byTemplate = new Map<string, number[]>();
    let failures = 0;
    const t0 = performance.now();
    for (const p of subset) {
      let score = 0;
      try {
        const x = extractArticle(p.html, p.url, { useHints });
        score = tokenF1(x.paragraphs.join('\n\n'), p.body);
      } catch {
        failures++;
      }
      f1.push(score);
      const list = byTemplate.get(p.template) ?? [];
      list.push(score);
      byTemplate.set(p.template, list);
    }
    const secs = (performance.now() - t0) / 1000;
    return { f1, perSec: subset.length / secs, failures, byTemplate };
  };

  ours(true); // warm-up (JIT), not counted
  const hinted = ours(true);
  const generic = ours(false);

  // jsdom + Readability manages only a few pages per second, so by default the peer
  // runs on every 5th article (all templates); EXTRACTION_BENCH_FULL=1 runs it on all.
  const stride = process.env['EXTRACTION_BENCH_FULL'] === '1' ? 1 : 5;
  const peerPages = pages.filter((p) => p.doc % stride === 0);
  const sameSubset = ours(true, peerPages);
  const virtualConsole = new VirtualConsole();
  const peerF1: number[] = [];
  const t0 = performance.now();
  for (const p of peerPages) {
    const dom = new JSDOM(p.html, { url: p.url, virtualConsole });
    const parsed = new Readability(dom.window.document).parse();
    peerF1.push(tokenF1(parsed?.textContent ?? '', p.body));
    dom.window.close();
  }
  const peerPerSec = peerPages.length / ((performance.now() - t0) / 1000);

  const fmt = (n: number): string => n.toFixed(4);
  console.log(
    `hanoi-digest (site hints on):  body F1 ${fmt(mean(hinted.f1))}  ${hinted.perSec.toFixed(0)} articles/s  failures ${hinted.failures}`,
  );
  for (const [t, xs] of hinted.byTemplate)
    console.log(`  ${t.padEnd(12)} F1 ${fmt(mean(xs))}  min ${fmt(Math.min(...xs))}`);
  console.log(
    `hanoi-digest (generic only):   body F1 ${fmt(mean(generic.f1))}  ${generic.perSec.toFixed(0)} articles/s  failures ${generic.failures}`,
  );
  for (const [t, xs] of generic.byTemplate)
    console.log(`  ${t.padEnd(12)} F1 ${fmt(mean(xs))}  min ${fmt(Math.min(...xs))}`);
  console.log(`same ${peerPages.length} pages for both (stride ${stride}):`);
  console.log(
    `  hanoi-digest:                   body F1 ${fmt(mean(sameSubset.f1))}  ${sameSubset.perSec.toFixed(1)} articles/s`,
  );
  console.log(
    `  peer @mozilla/readability+jsdom: body F1 ${fmt(mean(peerF1))}  ${peerPerSec.toFixed(1)} articles/s`,
  );
  console.log(
    `speed ratio (ours / peer, same pages): ${(sameSubset.perSec / peerPerSec).toFixed(1)}×   targets: F1 ≥ 0.97, ratio ≥ 3×`,
  );
}
