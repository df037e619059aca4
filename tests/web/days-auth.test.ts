/** Calendar days in the digest's zone, and the admin sessions' lifetime. */
import { describe, expect, it } from 'vitest';
import { createAdminAuth, SESSION_COOKIE } from '../../src/web/admin.js';
import { dayKeyOf, dayWindow, parseDayKey, shiftDay } from '../../src/web/days.js';
import { createFakeClock } from '../helpers/fake-clock.js';

describe('days', () => {
  it("a Hà Nội day runs from its midnight (17:00 UTC the day before) to the next one's", () => {
    const w = dayWindow('2026-11-27', 'Asia/Ho_Chi_Minh');
    expect(w?.since.toISOString()).toBe('2026-11-26T17:00:00.000Z');
    expect(w?.until.toISOString()).toBe('2026-11-27T16:59:59.999Z');
    expect(dayKeyOf(new Date('2026-11-26T17:00:00Z'), 'Asia/Ho_Chi_Minh')).toBe('2026-11-27');
    expect(dayKeyOf(new Date('2026-11-26T16:59:59Z'), 'Asia/Ho_Chi_Minh')).toBe('2026-11-26');
  });

  it('a day with a clock change is 23 hours long where the zone has one', () => {
    const w = dayWindow('2026-03-29', 'Europe/Berlin');
    expect(w?.since.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(((w?.until.getTime() ?? 0) + 1 - (w?.since.getTime() ?? 0)) / 3_600_000).toBe(23);
  });

  it('refuses impossible dates and shifts across months and years', () => {
    expect(parseDayKey('2026-02-29')).toBeNull();
    expect(parseDayKey('2028-02-29')).not.toBeNull();
    expect(parseDayKey('26-11-2026')).toBeNull();
    expect(shiftDay('2026-12-31', 1)).toBe('2027-01-01');
    expect(shiftDay('2026-03-01', -1)).toBe('2026-02-28');
  });
});

describe('admin sessions', () => {
  const TOKEN = 'mot-ma-quan-tri-du-dai';

  it('a session lasts its lifetime, is not the token, and ends at logout', () => {
    const clock = createFakeClock('2026-11-27T00:00:00Z');
    const auth = createAdminAuth({ token: TOKEN, clock, sessionTtlMs: 60_000 });
    const set = auth.login();
    expect(set).toMatch(/HttpOnly; SameSite=Strict; Path=\/quan-tri; Max-Age=60$/);
    expect(set).not.toContain(TOKEN);
    const cookie = set.split(';')[0] ?? '';
    expect(auth.checkCookie(`other=1; ${cookie}`)).toBe(true);
    clock.advance(60_000);
    expect(auth.checkCookie(cookie)).toBe(false);

    const again = (auth.login().split(';')[0] ?? '').trim();
    expect(auth.checkCookie(again)).toBe(true);
    expect(auth.logout(again)).toContain(`${SESSION_COOKIE}=; `);
    expect(auth.checkCookie(again)).toBe(false);
  });

  it('compares tokens exactly, and only takes a well-formed bearer header', () => {
    const auth = createAdminAuth({ token: TOKEN, secureCookie: true });
    expect(auth.checkToken(TOKEN)).toBe(true);
    expect(auth.checkToken(`${TOKEN} `)).toBe(false);
    expect(auth.checkToken('')).toBe(false);
    expect(auth.checkBearer(`Bearer ${TOKEN}`)).toBe(true);
    expect(auth.checkBearer(`Basic ${TOKEN}`)).toBe(false);
    expect(auth.checkBearer(TOKEN)).toBe(false);
    expect(auth.login()).toContain('; Secure');
  });
});
