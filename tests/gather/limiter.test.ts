import { describe, expect, it } from 'vitest';
import { createHostLimiter, createLimiter } from '../../src/digest/gather/limiter.js';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('createLimiter', () => {
  it('runs at most `max` tasks at once, in order', async () => {
    const lim = createLimiter(2);
    const gates = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      lim.run(async () => {
        started.push(i);
        await g.promise;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    gates[0]!.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[1]!.resolve();
    gates[2]!.resolve();
    await Promise.all(runs);
    expect(() => createLimiter(0)).toThrow(RangeError);
  });
});

describe('createHostLimiter', () => {
  it('limits per host, not across hosts', async () => {
    const lim = createHostLimiter({ perHost: 1 });
    const a = deferred();
    const started: string[] = [];
    const r1 = lim.run('a', async () => {
      started.push('a1');
      await a.promise;
    });
    const r2 = lim.run('a', async () => void started.push('a2'));
    const r3 = lim.run('b', async () => void started.push('b1'));
    await tick();
    expect(started).toEqual(['a1', 'b1']);
    a.resolve();
    await Promise.all([r1, r2, r3]);
    expect(started).toEqual(['a1', 'b1', 'a2']);
  });

  it('spaces the starts to one host by the minimum delay', async () => {
    let now = 1_000;
    const sleeps: number[] = [];
    const lim = createHostLimiter({
      perHost: 4,
      minDelayMs: 500,
      now: () => now,
      sleep: async (ms) => void sleeps.push(ms),
    });
    // Three requests queued at t=1000 start at 1000, 1500 and 2000.
    await Promise.all([1, 2, 3].map(() => lim.run('a', async () => undefined)));
    expect(sleeps).toEqual([500, 1_000]);
    // Another host is not delayed; a later request to `a` waits only what is left.
    await lim.run('b', async () => undefined);
    now = 2_200;
    await lim.run('a', async () => undefined);
    expect(sleeps).toEqual([500, 1_000, 300]);
  });

  it('prunes a host once it is idle', async () => {
    const lim = createHostLimiter({ perHost: 2 });
    await Promise.all(Array.from({ length: 50 }, (_, i) => lim.run(`host${i}`, async () => i)));
    await tick();
    expect(lim.size()).toBe(0);
    const gate = deferred();
    const busy = lim.run('busy', () => gate.promise);
    await tick();
    expect(lim.size()).toBe(1);
    gate.resolve();
    await busy;
    await tick();
    expect(lim.size()).toBe(0);
  });
});
