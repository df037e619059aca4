import { describe, expect, it } from 'vitest';
import { cronProblem, timezoneProblem } from '../../src/config/index.js';

describe('cronProblem', () => {
  it.each([
    '0 7 * * *',
    '*/15 * * * *',
    '30 6 * * 1-5',
    '0 7,12,18 * * *',
    '0 7 1 jan *',
    '0 7 * * mon-fri',
    '0 7 * * Sunday',
    '0 0 * * 7',
    '5-55/10 8-20 1-31/2 1-12 0-6',
  ])('accepts %s', (expr) => {
    expect(cronProblem(expr)).toBeNull();
  });

  it.each([
    ['0 7 * *', /has 4 field\(s\); expected 5/],
    ['0 0 7 * * *', /has 6 field\(s\)/],
    ['60 7 * * *', /minute value 60 is outside 0-59/],
    ['0 24 * * *', /hour value 24 is outside 0-23/],
    ['0 7 0 * *', /day of month value 0 is outside 1-31/],
    ['0 7 * 13 *', /month value 13 is outside 1-12/],
    ['0 7 * * 8', /day of week value 8 is outside 0-7/],
    ['0 7 * * mon-funday', /"funday" is not a valid day of week/],
    ['*/0 * * * *', /step "\/0"/],
    ['0 20-8 * * *', /runs backwards/],
    ['0 7,, * * *', /not a valid hour entry/],
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
    expect(timezoneProblem('')).toMatch(/not a known/);
  });
});
