import { describe, expect, it } from 'vitest';
import { pairwiseScores } from '../../src/digest/group/index.js';

describe('pairwiseScores', () => {
  const truth = new Map([
    ['a', '1'],
    ['b', '1'],
    ['c', '1'],
    ['d', '2'],
  ]);

  it('is perfect for the true grouping', () => {
    expect(pairwiseScores([['a', 'b', 'c'], ['d']], truth)).toMatchObject({
      precision: 1,
      recall: 1,
      f1: 1,
      truePairs: 3,
      predictedPairs: 3,
    });
  });

  it('counts missed and wrong pairs', () => {
    // predicted pairs: a-b (right), c-d (wrong); true pairs a-b, a-c, b-c.
    const s = pairwiseScores(
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
      truth,
    );
    expect(s.precision).toBeCloseTo(0.5);
    expect(s.recall).toBeCloseTo(1 / 3);
    expect(s.f1).toBeCloseTo(0.4);
  });
});
