import { describe, expect, it } from 'vitest';
import {
  CronExpressionError,
  TimezoneError,
  everyMinutesExpression,
  matchesCron,
  nextSlot,
  parseCron,
  previousSlot,
  slotsBetween,
} from '../../src/scheduler/cron-match.js';

const HCM = 'Asia/Ho_Chi_Minh';

describe('parseCron', () => {
  it('parses lists, ranges, steps and names', () => {
    const c = parseCron('*/15 6-8,20 1 jan,MAR mon-fri');
    expect([...c.minutes]).toEqual([0, 15, 30, 45]);
    expect([...c.hours]).toEqual([6, 7, 8, 20]);
    expect([...c.months]).toEqual([1, 3]);
    expect([...c.daysOfWeek]).toEqual([1, 2, 3, 4, 5]);
    expect(c.domAny).toBe(false);
  });

  it('treats weekday 7 as Sunday', () => {
    expect([...parseCron('0 7 * * 7').daysOfWeek]).toEqual([0]);
  });

  it.each([
    ['0 7 * *', /5 fields/],
    ['60 7 * * *', /minute field "60".*outside 0-59/],
    ['0 24 * * *', /hour field/],
    ['0 7 0 * *', /day-of-month/],
    ['0 7 * 13 *', /month/],
    ['0 7 * * 8', /day-of-week/],
    ['*/0 * * * *', /step/],
    ['5-1 * * * *', /reversed/],
    ['a * * * *', /not a number/],
  ])('rejects %s with a clear error', (expr, msg) => {
    expect(() => parseCron(expr)).toThrow(CronExpressionError);
    expect(() => parseCron(expr)).toThrow(msg);
  });
});

describe('slot math in a zone', () => {
  it('matches 07:00 Hà Nội time, which is 00:00 UTC', () => {
    expect(matchesCron('0 7 * * *', HCM, new Date('2026-11-27T00:00:00Z'))).toBe(true);
    expect(matchesCron('0 7 * * *', HCM, new Date('2026-11-27T07:00:00Z'))).toBe(false);
    expect(matchesCron('0 7 * * *', 'UTC', new Date('2026-11-27T07:00:00Z'))).toBe(true);
  });

  it('previousSlot returns the scheduled minute, not now', () => {
    const now = new Date('2026-11-27T00:00:42.500Z'); // 07:00:42 in Hà Nội
    expect(previousSlot('0 7 * * *', HCM, now)?.toISOString()).toBe('2026-11-27T00:00:00.000Z');
    // Just before 07:00 → yesterday's slot.
    expect(previousSlot('0 7 * * *', HCM, new Date('2026-11-26T23:59:59Z'))?.toISOString()).toBe(
      '2026-11-26T00:00:00.000Z',
    );
  });

  it('uses the local day for weekday schedules', () => {
    // Friday 27/11/2026 06:30 in Hà Nội = Thursday 23:30 UTC; "mon" digest last ran Monday 23/11 07:00 local.
    const slot = previousSlot('0 7 * * mon', HCM, new Date('2026-11-26T23:30:00Z'));
    expect(slot?.toISOString()).toBe('2026-11-23T00:00:00.000Z');
  });

  it('ORs day-of-month and day-of-week when both are restricted', () => {
    // 1st of the month OR Sunday, at 07:00 local.
    const slots = slotsBetween(
      '0 7 1 * sun',
      HCM,
      new Date('2026-11-27T00:00:00Z'),
      new Date('2026-12-08T00:00:00Z'),
    );
    expect(slots.map((d) => d.toISOString())).toEqual([
      '2026-11-29T00:00:00.000Z', // Sunday
      '2026-12-01T00:00:00.000Z', // the 1st (a Tuesday)
      '2026-12-06T00:00:00.000Z', // Sunday
    ]);
  });

  it('slotsBetween is (from, to] and oldest first', () => {
    const from = new Date('2026-11-27T00:00:00Z');
    const to = new Date('2026-11-27T01:00:00Z');
    const slots = slotsBetween('*/15 * * * *', HCM, from, to);
    expect(slots.map((d) => d.toISOString().slice(11, 16))).toEqual([
      '00:15',
      '00:30',
      '00:45',
      '01:00',
    ]);
    expect(slotsBetween('* * * * *', HCM, from, to, 5)).toHaveLength(5);
  });

  it('nextSlot and previousSlot agree around a slot', () => {
    const slot = nextSlot('30 18 * * *', HCM, new Date('2026-11-27T00:00:00Z'));
    expect(slot?.toISOString()).toBe('2026-11-27T11:30:00.000Z');
    expect(previousSlot('30 18 * * *', HCM, slot!)?.getTime()).toBe(slot!.getTime());
  });

  it('finds a yearly slot (29 February) years back', () => {
    expect(previousSlot('0 0 29 2 *', 'UTC', new Date('2026-11-27T00:00:00Z'))?.toISOString()).toBe(
      '2024-02-29T00:00:00.000Z',
    );
  });

  it('follows DST in a zone that has it', () => {
    // New York: EDT (UTC-4) until 1 Nov 2026, then EST (UTC-5).
    const ny = 'America/New_York';
    expect(previousSlot('0 7 * * *', ny, new Date('2026-10-31T12:00:00Z'))?.toISOString()).toBe(
      '2026-10-31T11:00:00.000Z',
    );
    expect(previousSlot('0 7 * * *', ny, new Date('2026-11-02T13:00:00Z'))?.toISOString()).toBe(
      '2026-11-02T12:00:00.000Z',
    );
    // 02:30 does not exist on spring-forward day (8 March 2026): that day has no slot.
    const spring = slotsBetween(
      '30 2 * * *',
      ny,
      new Date('2026-03-07T00:00:00Z'),
      new Date('2026-03-10T00:00:00Z'),
    );
    expect(spring.map((d) => d.toISOString())).toEqual([
      '2026-03-07T07:30:00.000Z',
      '2026-03-09T06:30:00.000Z',
    ]);
  });

  it('rejects an unknown zone', () => {
    expect(() => previousSlot('0 7 * * *', 'Mars/Olympus', new Date())).toThrow(TimezoneError);
  });
});

describe('everyMinutesExpression', () => {
  it('writes intervals that divide an hour or a day', () => {
    expect(everyMinutesExpression(15)).toBe('*/15 * * * *');
    expect(everyMinutesExpression(1)).toBe('* * * * *');
    expect(everyMinutesExpression(120)).toBe('0 */2 * * *');
  });
  it('refuses others', () => {
    expect(() => everyMinutesExpression(7)).toThrow(/cannot be written as cron/);
    expect(() => everyMinutesExpression(0)).toThrow(CronExpressionError);
  });
});
