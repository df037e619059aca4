/** Small conversions shared by the table stores: times, booleans, NFC text, summaries. */
import type { Summary } from '../digest/model.js';

export function toIso(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new RangeError('Cannot store an invalid Date');
  return d.toISOString();
}

export function toIsoOrNull(d: Date | null | undefined): string | null {
  return d ? toIso(d) : null;
}

export function fromIso(s: string): Date {
  return new Date(s);
}

export function fromIsoOrNull(s: string | null): Date | null {
  return s === null ? null : new Date(s);
}

export const toInt = (b: boolean): number => (b ? 1 : 0);
export const fromInt = (n: number | bigint): boolean => Number(n) !== 0;

/**
 * Every text is stored NFC, so equality and search never depend on how a
 * source encoded diacritics. NUL characters are dropped: PostgreSQL text
 * cannot hold them, and a store must read back the same on both databases.
 */
export function nfc(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.normalize('NFC').replace(/\u0000/g, '');
}

export function nfcOrNull(s: string | null): string | null {
  return s === null ? null : nfc(s);
}

/**
 * NFC a summary without breaking its highlight offsets: when normalizing
 * changes the text, each highlight is found again (in order) in the new text.
 * A highlight that cannot be found is dropped rather than pointing at the wrong span.
 */
export function nfcSummary(summary: Summary): Summary {
  const text = nfc(summary.text);
  if (text === summary.text && summary.highlights.every((h) => h.text === nfc(h.text)))
    return summary;
  const highlights: Summary['highlights'] = [];
  let cursor = 0;
  for (const h of summary.highlights) {
    const ht = nfc(h.text);
    const at = text.indexOf(ht, cursor);
    if (at < 0) continue;
    highlights.push({ ...h, text: ht, start: at, end: at + ht.length });
    cursor = at + ht.length;
  }
  return { ...summary, text, highlights };
}

export function parseJson<T>(s: string): T {
  return JSON.parse(s) as T;
}
