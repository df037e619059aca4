/**
 * Telegram's HTML parse mode as the Bot API applies it
 * (https://core.telegram.org/bots/api#html-style): the supported tags, the
 * named entities, and the parser the fake Bot API server uses to turn a
 * message into its visible text or the error Telegram would give.
 */

/** Tags Telegram accepts in HTML parse mode. */
export const ALLOWED_TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'a',
  'tg-emoji',
  'code',
  'pre',
  'blockquote',
]);

/** The only named entities Telegram understands. */
export const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/** Parse Telegram HTML: the visible text, or the error Telegram would give. */
export function parseTelegramHtml(html: string): { text: string } | { error: string } {
  const stack: string[] = [];
  let text = '';
  let i = 0;
  const at = (k: number): number => Buffer.byteLength(html.slice(0, k));
  while (i < html.length) {
    const c = html[i]!;
    if (c === '&') {
      const m = /^&(#[0-9]{1,7}|#x[0-9a-f]{1,6}|[a-z]+);/iu.exec(html.slice(i, i + 12));
      if (m) {
        const name = m[1]!;
        const code =
          name.startsWith('#x') || name.startsWith('#X')
            ? parseInt(name.slice(2), 16)
            : name.startsWith('#')
              ? parseInt(name.slice(1), 10)
              : null;
        const decoded =
          code !== null
            ? code > 0 && code <= 0x10ffff
              ? String.fromCodePoint(code)
              : null
            : (NAMED_ENTITIES[name.toLowerCase()] ?? null);
        if (decoded !== null) {
          text += decoded;
          i += m[0].length;
          continue;
        }
      }
      text += '&'; // An unknown entity stays literal text.
      i += 1;
      continue;
    }
    if (c !== '<') {
      text += c;
      i += 1;
      continue;
    }
    const close = html.indexOf('>', i);
    if (close < 0) return { error: `Unclosed start tag at byte offset ${at(i)}` };
    const inner = html.slice(i + 1, close);
    if (inner.startsWith('/')) {
      const name = inner.slice(1).trim().toLowerCase();
      const top = stack.pop();
      if (top === undefined) return { error: `Unexpected end tag at byte offset ${at(i)}` };
      if (name !== top)
        return {
          error: `Unmatched end tag at byte offset ${at(i)}, expected "</${top}>", found "</${name}>"`,
        };
      i = close + 1;
      continue;
    }
    const nm = /^([a-z0-9-]*)/iu.exec(inner)!;
    const name = nm[1]!.toLowerCase();
    if (!ALLOWED_TAGS.has(name))
      return {
        error: `Unsupported start tag "${name || inner.split(/\s/u)[0]}" at byte offset ${at(i)}`,
      };
    const attrs = parseAttributes(inner.slice(nm[0].length));
    if (attrs === null)
      return {
        error: `Expected equal sign in declaration of an attribute of the tag "${name}" at byte offset ${at(i)}`,
      };
    if (name === 'span' && attrs['class'] !== 'tg-spoiler')
      return { error: `Tag "span" must have class "tg-spoiler" at byte offset ${at(i)}` };
    if (name === 'tg-emoji' && !attrs['emoji-id'])
      return { error: `Custom emoji entity must contain a tg://emoji URL at byte offset ${at(i)}` };
    if (name === 'a' && stack.includes('a'))
      return { error: `Nested links are not allowed at byte offset ${at(i)}` };
    if ((stack.includes('pre') && name !== 'code') || stack.includes('code')) {
      return { error: `Entities can't be nested inside code or pre at byte offset ${at(i)}` };
    }
    stack.push(name);
    i = close + 1;
  }
  const open = stack.pop();
  if (open !== undefined)
    return { error: `Can't find end tag corresponding to start tag "${open}"` };
  return { text };
}

function parseAttributes(s: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  const re = /\s*([a-z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/giy;
  let rest = s.trim();
  while (rest.length) {
    re.lastIndex = 0;
    const m = re.exec(rest);
    if (!m || m[0].length === 0) return null;
    out[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
    rest = rest.slice(m[0].length).trim();
  }
  return out;
}
