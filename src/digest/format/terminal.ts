/**
 * The digest as plain terminal text (the CLI and the console publisher).
 * Figures are bold with ANSI SGR codes when `color` is on; with it off the
 * output is plain text, safe for pipes and files. Control characters from
 * article text are removed so an article cannot move the cursor or recolour
 * the terminal.
 */
import { DEFAULT_TIMEZONE, formatItemTime, oneLine, stripControls } from './text-tools.js';
import type { DigestDocument, TextSpan } from '../model.js';

export interface TerminalOptions {
  color: boolean;
  timezone?: string;
}

const BOLD = '\u001b[1m';
const DIM = '\u001b[2m';
const RESET = '\u001b[0m';

const clean = stripControls;

export function renderTerminal(doc: DigestDocument, options: TerminalOptions): string {
  const tz = options.timezone ?? DEFAULT_TIMEZONE;
  const b = (s: string): string => (options.color ? `${BOLD}${s}${RESET}` : s);
  const dim = (s: string): string => (options.color ? `${DIM}${s}${RESET}` : s);
  const spans = (list: readonly TextSpan[]): string =>
    list.map((s) => (s.highlight ? b(clean(s.text)) : clean(s.text))).join('');

  const lines: string[] = [b(clean(doc.header)), '='.repeat(Math.min(60, doc.header.length)), ''];
  let n = 0;
  for (const section of doc.sections) {
    lines.push(b(`## ${clean(oneLine(section.title))}`), '');
    for (const item of section.items) {
      lines.push(b(`${++n}. ${clean(oneLine(item.title))}`));
      if (item.summary.length) lines.push(`   ${spans(item.summary)}`);
      const sources = item.sources
        .map((s) => `${clean(oneLine(s.name))} <${clean(s.url)}>`)
        .join(' · ');
      const time = formatItemTime(item.publishedAt, tz);
      lines.push(dim(`   ${[sources, time].filter(Boolean).join(' · ')}`), '');
    }
  }
  if (n === 0) lines.push('Không có tin mới trong khoảng thời gian này.', '');
  lines.push(dim(clean(doc.footer)));
  return `${lines.join('\n')}\n`;
}
