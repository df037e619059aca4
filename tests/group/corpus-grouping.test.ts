/** Grouping quality on the real corpus: set b is the same stories told by different outlets (`cluster_id`). */
import { describe, expect, it } from 'vitest';
import { groupStoriesDetailed, pairwiseScores } from '../../src/digest/group/index.js';
import { CORPUS_MISSING_MESSAGE, corpusAvailable, loadCorpus } from '../helpers/corpus.js';

/** The corpus' "dd/mm/yyyy hh:mm" (Hà Nội time). */
function parseCorpusTime(s: string | undefined): Date | null {
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
