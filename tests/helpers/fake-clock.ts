/** A clock tests move by hand: no real waiting, no timed assertions. */
import type { Clock } from '../../src/digest/ports.js';

export interface FakeClock extends Clock {
  set(date: Date | string): void;
  advance(ms: number): void;
}

export function createFakeClock(start: Date | string = '2026-11-27T00:00:00.000Z'): FakeClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set(date) {
      t = new Date(date).getTime();
    },
    advance(ms) {
      t += ms;
    },
  };
}
