/**
 * Grouping quality on the real corpus: set b is the same stories told by
 * different outlets (`cluster_id`). The IDF background is built here, at run
 * time, from corpus documents outside the batch (sets a and c, and the b
 * documents not being grouped); nothing of the corpus is kept in the repo.
 */
import { describe, expect, it } from 'vitest';
import { evaluateGrouping } from '../../bench/quality-grouping.js';
import {
  createDocumentFrequencies,
  groupStoriesDetailed,
  pairwiseScores,
} from '../../src/digest/group/index.js';
import { parseFeedDate } from '../../src/digest/gather/dates.js';
import { CORPUS_MISSING_MESSAGE, corpusAvailable, loadCorpus } from '../helpers/corpus.js';

describe.skipIf(!corpusAvailable())('groupStories on ../shared/corpus set b', () => {
  it('reaches P ≥ 0.93 at R ≥ 0.90 on all b docs, and P ≥ 0.90 in batches of 20', () => {
    const q = evaluateGrouping();
    expect(q.all.precision).toBeGreaterThanOrEqual(0.93);
    expect(q.all.recall).toBeGreaterThanOrEqual(0.9);
    expect(q.batches.find((b) => b.size === 20)?.precision).toBeGreaterThanOrEqual(0.9);
  });

  it('compares far fewer than all pairs', () => {
    const docs = loadCorpus('b');
    const background = createDocumentFrequencies([...loadCorpus('a'), ...loadCorpus('c')]);
    const r = groupStoriesDetailed(
      docs.map((d) => ({
        id: d.id,
        title: d.title,
        lead: d.lead,
        body: d.body,
        publishedAt: parseFeedDate(d.published),
      })),
      { background },
    );
    const s = pairwiseScores(r.groups, new Map(docs.map((d) => [d.id, d.cluster_id ?? d.id])));
    expect(s.f1).toBeGreaterThanOrEqual(0.9);
    expect(r.candidatePairs).toBeLessThan((docs.length * (docs.length - 1)) / 2 / 5);
  });
});

if (!corpusAvailable()) console.warn(CORPUS_MISSING_MESSAGE);
