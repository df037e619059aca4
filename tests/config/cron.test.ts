import { describe, expect, it } from 'vitest';
import { cronProblem, timezoneProblem } from '../../src/config/index.js';

describe('cronProblem (node-cron 4 dialect, five fields)', () => {
  it.each([
    '0 7 * * *',
    '*/15 * * * *',
    '30 6 * * 1-5',
    '0 7,12,18 * * *',
    '0 7 1 jan *',
    '0 7 * * mon-fri',
    '0 7 * * Sunday',
    '0 7 * * monday',
    '0 7 * january *',
    '0 7 ? * *',
    '0 0 * * 7',
  ])('accepts %s', (expr) => {
    expect(cronProblem(expr)).toBeNull();
  });

  it.each([
    ['0 7 * *', /has 4 field\(s\); expected 5/],
    ['0 0 7 * * *', /has 6 field\(s\)/],
    ['60 7 * * *', /60 is a invalid expression for minute/],
    ['0 24 * * *', /24 is a invalid expression for hour/],
    ['0 7 * 13 *', /invalid expression for month/],
    ['5/15 * * * *', /5\/15 is a invalid expression for minute/],
    ['daily', /has 1 field/],
  ])('rejects %s', (expr, why) => {
    expect(cronProblem(expr)).toMatch(why);
  });
});

describe('timezoneProblem', () => {
  it('knows IANA zones and rejects others', () => {
    expect(timezoneProblem('Asia/Ho_Chi_Minh')).toBeNull();
    expect(timezoneProblem('UTC')).toBeNull();
    expect(timezoneProblem('Asia/Hanoi_City')).toMatch(/not a known IANA time zone/);
  });
});
