/**
 * Access to the development corpus in ../shared/corpus. It is read in place,
 * never copied into the repository; where it is absent (a clone outside this
 * setup) tests and benchmarks skip with `CORPUS_MISSING_MESSAGE`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const SHARED_DIR = resolve(
  process.env['HANOI_DIGEST_SHARED'] ?? join(here, '..', '..', '..', 'shared'),
);
export const CORPUS_DIR = join(SHARED_DIR, 'corpus');
export const SEED_FILE = join(SHARED_DIR, 'seeds', '000_5b57fe6cb32c8ad8.txt');

export const CORPUS_MISSING_MESSAGE = `skipped: ../shared/corpus not found at ${CORPUS_DIR} (the corpus is read from there and never copied into the repo)`;

export interface CorpusDoc {
  id: string;
  source: string;
  title: string;
  lead: string;
  body: string;
  origin?: string;
  cluster_id?: string;
  url?: string;
  published?: string;
  category?: string;
}

export interface CorpusCluster {
  cluster_id: string;
  name: string;
  doc_ids: string[];
  ref1: string;
  ref2: string;
}

export const CORPUS_SETS = {
  a: 'a_baomoi2017_hanoi.jsonl',
  b: 'b_vietnamesemds2013_docs.jsonl',
  c: 'c_vnexpress2024_mds.jsonl',
} as const;

export function corpusAvailable(): boolean {
  return existsSync(join(CORPUS_DIR, CORPUS_SETS.a));
}

export function seedAvailable(): boolean {
  return existsSync(SEED_FILE);
}

function readJsonl<T>(file: string): T[] {
  return readFileSync(join(CORPUS_DIR, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

export function loadCorpus(set: keyof typeof CORPUS_SETS): CorpusDoc[] {
  return readJsonl<CorpusDoc>(CORPUS_SETS[set]);
}

export function loadAllCorpus(): CorpusDoc[] {
  return [...loadCorpus('a'), ...loadCorpus('b'), ...loadCorpus('c')];
}

export function loadClusters(): CorpusCluster[] {
  return readJsonl<CorpusCluster>('b_vietnamesemds2013_clusters.jsonl');
}

export function readSeed(): string {
  return readFileSync(SEED_FILE, 'utf8');
}

/** The corpus' "dd/mm/yyyy hh:mm" (Hà Nội time). */
export function parseCorpusTime(s: string | undefined): Date | null {
  const m = s ? /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2}))?/.exec(s) : null;
  return m
    ? new Date(
        Date.UTC(
          Number(m[3]),
          Number(m[2]) - 1,
          Number(m[1]),
          Number(m[4] ?? 0) - 7,
          Number(m[5] ?? 0),
        ),
      )
    : null;
}
