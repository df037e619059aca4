/**
 * Small DOM helpers over htmlparser2/domhandler: parsing, whitespace-normalized
 * text, and "HTML fragment → plain text" for feed descriptions.
 */
import { parseDocument } from 'htmlparser2';
import type { AnyNode, Document, Element } from 'domhandler';
import { isTag, isText } from 'domhandler';

const BLOCK = new Set([
  'p',
  'div',
  'br',
  'li',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'tr',
  'td',
  'th',
  'table',
  'section',
  'article',
  'header',
  'footer',
  'figure',
  'figcaption',
  'blockquote',
  'pre',
  'dd',
  'dt',
]);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'iframe', 'head']);

export function parseHtml(html: string): Document {
  return parseDocument(html, {
    decodeEntities: true,
    lowerCaseTags: true,
    lowerCaseAttributeNames: true,
  });
}

/** Collapses whitespace (NBSP and zero-width characters included) and trims. */
export function cleanSpace(s: string): string {
  return s
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
}

/**
 * Text of a node, with block elements separated by a space so that
 * "<p>a</p><p>b</p>" reads "a b" and not "ab". Inline boundaries add nothing:
 * that is what a browser shows.
 */
export function nodeText(node: AnyNode): string {
  const out: string[] = [];
  const walk = (n: AnyNode): void => {
    if (isText(n)) {
      out.push(n.data);
      return;
    }
    if (!isTag(n)) {
      if ('children' in n) for (const c of (n as Document).children) walk(c);
      return;
    }
    if (SKIP.has(n.name)) return;
    const block = BLOCK.has(n.name);
    if (block) out.push(' ');
    for (const c of n.children) walk(c);
    if (block) out.push(' ');
  };
  walk(node);
  return cleanSpace(out.join(''));
}

export function attr(el: Element, name: string): string | null {
  return el.attribs[name] ?? null;
}

/**
 * Feed text (title, description) → plain text. Feeds hold HTML escaped once
 * (`&lt;p&gt;`), HTML in CDATA, and doubly-encoded entities (`&amp;aacute;`),
 * so decode and strip until the text stops changing (at most three rounds).
 */
export function htmlToText(s: string): string {
  let text = s;
  for (let round = 0; round < 3; round++) {
    if (!/[<&]/.test(text)) break;
    const next = nodeText(parseHtml(text));
    if (next === text) break;
    text = next;
  }
  return cleanSpace(text).normalize('NFC');
}
