import { describe, expect, it } from 'vitest';
import {
  cronToTime,
  matchTopic,
  parseSelection,
  parseTime,
  timeToCron,
} from '../../src/bots/commands/args.js';
import { GAZETTEER, TOPICS } from './fakes.js';

describe('argument parsing', () => {
  it('reads times in the usual Vietnamese forms and rejects impossible ones', () => {
    expect(parseTime('07:30')).toEqual({ hour: 7, minute: 30 });
    expect(parseTime('7h30')).toEqual({ hour: 7, minute: 30 });
    expect(parseTime('18h')).toEqual({ hour: 18, minute: 0 });
    expect(parseTime('24:00')).toBeNull();
    expect(parseTime('7:5')).toBeNull();
    expect(parseTime('abc')).toBeNull();
  });

  it('turns a time into a daily cron and back', () => {
    expect(timeToCron({ hour: 7, minute: 5 })).toBe('5 7 * * *');
    expect(cronToTime('5 7 * * *')).toBe('07:05');
    expect(cronToTime('0 7 * * 1-5')).toBeNull();
  });

  it('matches topics by id or name with or without diacritics', () => {
    expect(matchTopic('giao-thong', TOPICS)?.id).toBe('giao-thong');
    expect(matchTopic('GIAO THÔNG', TOPICS)?.id).toBe('giao-thong');
    expect(matchTopic('do thi', TOPICS)?.id).toBe('do-thi');
    expect(matchTopic('giao thông môi trường', TOPICS)).toBeNull();
    expect(matchTopic('thể thao', TOPICS)).toBeNull();
  });

  it('splits a subscription argument into topics, places, time and leftovers', () => {
    const sel = parseSelection(
      'Đô thị, phường cau giay và Hồ Gươm lúc 06:00 bóng',
      TOPICS,
      GAZETTEER,
    );
    expect(sel).toEqual({
      topics: ['do-thi'],
      places: ['Cầu Giấy', 'Hồ Gươm'],
      time: { hour: 6, minute: 0 },
      unknown: ['bóng'],
    });
  });
});
