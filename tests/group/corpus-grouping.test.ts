/** Grouping quality on the real corpus: set b is the same stories told by different outlets (`cluster_id`). */
import { describe, expect, it } from 'vitest';
import { groupStoriesDetailed, pairwiseScores } from '../../src/digest/group/index.js';
import {
  CORPUS_MISSING_MESSAGE,
  corpusAvailable,
  loadCorpus,
  parseCorpusTime,
} from '../helpers/corpus.js';

describe.skipIf(!corpusAvailable())('groupStories on ../shared/corpus set b', () => {
  it('reaches pairwise F1 ≥ 0.9 against cluster_id, comparing far fewer than all pairs', () => {
    const docs = loadCorpus('b');
    const r = groupStoriesDetailed(
      docs.map((d) => ({
        id: d.id,
        title: d.title,
        body: d.body,
        publishedAt: parseCorpusTime(d.published),
      })),
    );
    const s = pairwiseScores(r.groups, new Map(docs.map((d) => [d.id, d.cluster_id ?? d.id])));
    expect(s.f1).toBeGreaterThanOrEqual(0.9);
    expect(s.precision).toBeGreaterThanOrEqual(0.85);
    expect(r.candidatePairs).toBeLessThan((docs.length * (docs.length - 1)) / 2 / 5);
  });
});

if (!corpusAvailable()) console.warn(CORPUS_MISSING_MESSAGE);
