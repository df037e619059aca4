/**
 * When a disagreement on places alone does not part two articles. Outlets
 * name an event's site differently (the commune, the town next to it, the
 * district of the venue); two events of one day do not share their
 * protagonist. So the same rare name in both headlines/leads, on the same
 * day, outweighs a disagreement on places only.
 */
import { agreedKinds } from './event-compare.js';
import type { EventSignature } from './event-signature.js';

const PLACE_KINDS = new Set(['district', 'ward', 'street']);

/**
 * Whether the place kinds `kinds` on which `a` and `b` contradict yield:
 * both headlines/leads name the same rare name, and the same day, in their
 * headlines/leads, or, when only one headline/lead places the event at all
 * (the other's place comes from its body, where an outlet also names the
 * town nearby), anywhere in the text.
 */
export function placeDisagreementYields(
  a: EventSignature,
  b: EventSignature,
  kinds: readonly string[],
  isCommon: (kind: string, value: string) => boolean,
): boolean {
  if (kinds.length === 0 || !kinds.every((k) => PLACE_KINDS.has(k))) return false;
  const shared = agreedKinds(a, b, isCommon, 'head');
  if (!shared.includes('name')) return false;
  if (shared.includes('date')) return true;
  const oneSided = kinds.every((k) => !(a.head.has(k) && b.head.has(k)));
  return oneSided && agreedKinds(a, b, isCommon).includes('date');
}
