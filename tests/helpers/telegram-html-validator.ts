/**
 * An independent checker of Telegram's HTML parse mode (Bot API, "HTML
 * style"), written from the documented rules rather than from the renderer:
 * - only supported tags: b/strong, i/em, u/ins, s/strike/del, span class="tg-spoiler",
 *   tg-spoiler, a href, tg-emoji emoji-id, code, pre, blockquote [expandable];
 * - tags properly nested and closed; attributes quoted;
 * - every `<`, `>` and `&` outside a tag is escaped; only &lt; &gt; &amp; &quot;
 *   and numeric entities are understood;
 * - a href only with http, https or tg links;
 * - 1..4096 characters after entity parsing, counted in UTF-16 code units.
 */
import { ALLOWED_TAGS, NAMED_ENTITIES } from './telegram-html.js';

const ATTRS: Record<string, Set<string>> = {
  a: new Set(['href']),
  span: new Set(['class']),
  'tg-emoji': new Set(['emoji-id']),
  code: new Set(['class']),
  blockquote: new Set(['expandable']),
};

export interface TelegramValidation {
  ok: boolean;
  errors: string[];
  visibleLength: number;
  /** The text Telegram would show. */
  text: string;
}

function decodeEntities(s: string, errors: string[], where: number): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    if (c === '>' || c === '<') {
      errors.push(`unescaped "${c}" at ${where + i}`);
      out += c;
      i++;
      continue;
    }
    if (c !== '&') {
      out += c;
      i++;
      continue;
    }
    const m = /^&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-z]+);/.exec(s.slice(i, i + 12));
    if (!m || !m[1]) {
      errors.push(`bare "&" at ${where + i}`);
      out += '&';
      i++;
      continue;
    }
    const name = m[1];
    if (name.startsWith('#')) {
      const code =
        name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
        errors.push(`invalid numeric entity ${m[0]}`);
      else out += String.fromCodePoint(code);
    } else if (name in NAMED_ENTITIES) {
      out += NAMED_ENTITIES[name];
    } else {
      errors.push(`unsupported entity ${m[0]}`);
    }
    i += m[0].length;
  }
  return out;
}

export function validateTelegramHtml(html: string, maxVisible = 4096): TelegramValidation {
  const errors: string[] = [];
  const stack: string[] = [];
  let text = '';
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const end = lt === -1 ? html.length : lt;
    text += decodeEntities(html.slice(i, end), errors, i);
    if (lt === -1) break;
    const gt = html.indexOf('>', lt);
    if (gt === -1) {
      errors.push(`unterminated tag at ${lt}`);
      break;
    }
    const raw = html.slice(lt + 1, gt);
    i = gt + 1;
    const close = /^\/([a-z-]+)\s*$/.exec(raw);
    if (close?.[1]) {
      const top = stack.pop();
      if (top !== close[1]) errors.push(`</${close[1]}> closes <${top ?? 'nothing'}> at ${lt}`);
      continue;
    }
    const open = /^([a-z-]+)((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*$/.exec(raw);
    if (!open?.[1]) {
      errors.push(`malformed tag <${raw.slice(0, 40)}> at ${lt}`);
      continue;
    }
    const tag = open[1];
    if (!ALLOWED_TAGS.has(tag)) errors.push(`tag <${tag}> not supported at ${lt}`);
    const attrs = new Map<string, string>();
    for (const a of (open[2] ?? '').matchAll(/([a-z-]+)(?:="([^"]*)")?/g))
      attrs.set(a[1] ?? '', a[2] ?? '');
    for (const name of attrs.keys()) {
      if (!ATTRS[tag]?.has(name)) errors.push(`attribute ${name} not allowed on <${tag}> at ${lt}`);
    }
    if (tag === 'a') {
      const hrefErrors: string[] = [];
      const href = decodeEntities(attrs.get('href') ?? '', hrefErrors, lt);
      errors.push(...hrefErrors);
      if (!/^(https?:\/\/[^\s]+|tg:\/\/[^\s]+)$/i.test(href))
        errors.push(`a href "${href.slice(0, 60)}" is not http(s)/tg at ${lt}`);
    }
    if (tag === 'span' && attrs.get('class') !== 'tg-spoiler')
      errors.push(`span without class="tg-spoiler" at ${lt}`);
    stack.push(tag);
  }
  if (stack.length) errors.push(`unclosed tags: ${stack.join(', ')}`);
  const visibleLength = text.length;
  if (text.trim().length === 0) errors.push('empty message');
  if (visibleLength > maxVisible) errors.push(`visible length ${visibleLength} > ${maxVisible}`);
  return { ok: errors.length === 0, errors, visibleLength, text };
}
