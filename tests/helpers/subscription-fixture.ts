/** One builder for the active, unfiltered daily subscription that tests and benches start from. */
import type { Subscription, Target } from '../../src/digest/model.js';

/** An active 07:00 Asia/Ho_Chi_Minh subscription with no filters, created and updated at `at`. */
export function subscriptionFixture(
  id: string,
  target: Target,
  at: Date,
  over: Partial<Subscription> = {},
): Subscription {
  return {
    id,
    target,
    filters: { topics: [], places: [], keywords: [], excludeKeywords: [] },
    schedule: '0 7 * * *',
    timezone: 'Asia/Ho_Chi_Minh',
    state: 'active',
    disabledReason: null,
    origin: 'command',
    lastDigestAt: null,
    createdAt: at,
    updatedAt: at,
    ...over,
  };
}
