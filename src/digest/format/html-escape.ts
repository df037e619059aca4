/**
 * The one HTML escaper, on `entities`: `& < > " '` become entities, safe in
 * text and in double- or single-quoted attributes. The apostrophe is written
 * `&#39;` because Telegram's HTML knows only the named entities `&lt; &gt;
 * &amp; &quot;` (numeric ones are fine), and `entities` writes `&apos;`.
 */
import { escapeUTF8 } from 'entities';

export function escapeHtml(s: string): string {
  return escapeUTF8(s).replace(/&apos;/g, '&#39;');
}
