/**
 * Cutting a summary to a character budget without breaking a word or a
 * number. A cut happens at a clause boundary (", ", "; ", ": " or a dash
 * between words) and ends with "…"; only when a sentence has no usable clause
 * boundary is it cut at a space. A comma inside a number ("102,9") is never a
 * clause boundary because a boundary needs a space after it.
 */

const ELLIPSIS = '…';
/** Punctuation that may dangle before the ellipsis and is dropped. */
const TRAILING_RE = /[\s,;:\-–—(“"'‘]+$/u;

/**
 * Cut `text` to at most `maxChars` characters (ellipsis included). Prefers
 * the last clause boundary that keeps at least `minShare` of the budget.
 */
export function cutAtClause(text: string, maxChars: number, minShare = 0.45): string {
  if (text.length <= maxChars) return text;
  if (maxChars < 2) return '';
  const limit = maxChars - ELLIPSIS.length;
  const minLen = Math.floor(limit * minShare);
  let clause = -1;
  let space = -1;
  for (let i = Math.min(limit, text.length - 1); i > 0; i--) {
    const c = text[i];
    if (c === ' ') {
      if (space < 0) space = i;
      const p = text[i - 1];
      if (i >= minLen && (p === ',' || p === ';' || p === ':')) {
        clause = i - 1;
        break;
      }
      if (i >= minLen && (p === '-' || p === '–' || p === '—') && text[i - 2] === ' ') {
        clause = i - 2;
        break;
      }
    }
  }
  const at = clause > 0 ? clause : space;
  if (at <= 0) return '';
  const head = text.slice(0, at).replace(TRAILING_RE, '');
  return head ? head + ELLIPSIS : '';
}
