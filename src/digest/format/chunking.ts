/**
 * Splitting a rendered digest into messages at item boundaries. Platform
 * renderers turn each piece (header, section heading, item, footer) into
 * their own markup and measure it their way (Telegram: visible UTF-16 units
 * after entity parsing; Discord: raw characters); this packer only decides
 * where one message ends. A section that continues in the next message gets
 * its heading again (marked "(tiếp)"), so no message starts with an orphan item.
 */
import { HanoiDigestError } from '../errors.js';

export interface Piece {
  /** The markup as it will be sent. */
  text: string;
  /** Its size as the platform counts it against `maxSize`. */
  size: number;
}

export interface PackSection {
  /** The heading; `continued` is true when the section began in an earlier message. */
  heading(continued: boolean): Piece;
  items: Piece[];
}

export interface PackInput {
  header?: Piece;
  sections: PackSection[];
  footer?: Piece;
  /** Shown between header and footer when there are no items. */
  empty?: Piece;
  /** Between pieces, e.g. "\n\n". */
  separator: Piece;
  /** Per-message limit in the platform's measure. */
  maxSize: number;
  /** Limit on the raw markup's length (default: no limit beyond `maxSize`). */
  maxRaw?: number;
}

/** A piece that cannot fit even alone in a message: the renderer should have cut it first. */
export class PieceTooLargeError extends HanoiDigestError {
  override name = 'PieceTooLargeError';
  constructor(
    readonly size: number,
    readonly maxSize: number,
  ) {
    super(`A digest piece of size ${size} does not fit a message of ${maxSize}`);
  }
}

export function packChunks(input: PackInput): string[] {
  const maxRaw = input.maxRaw ?? Number.POSITIVE_INFINITY;
  const chunks: string[] = [];
  let parts: Piece[] = [];
  let size = 0;
  let raw = 0;

  const fits = (add: Piece[]): boolean => {
    let s = size;
    let r = raw;
    for (const p of add) {
      const sep = s > 0 || r > 0 ? input.separator : { text: '', size: 0 };
      s += sep.size + p.size;
      r += sep.text.length + p.text.length;
    }
    return s <= input.maxSize && r <= maxRaw;
  };
  const append = (add: Piece[]): void => {
    for (const p of add) {
      if (parts.length > 0) {
        size += input.separator.size;
        raw += input.separator.text.length;
      }
      parts.push(p);
      size += p.size;
      raw += p.text.length;
    }
  };
  const flush = (): void => {
    if (parts.length > 0) chunks.push(parts.map((p) => p.text).join(input.separator.text));
    parts = [];
    size = 0;
    raw = 0;
  };
  const place = (add: Piece[]): void => {
    if (fits(add)) return append(add);
    flush();
    const total = add.reduce((n, p) => n + p.size, 0) + input.separator.size * (add.length - 1);
    if (!fits(add)) throw new PieceTooLargeError(total, input.maxSize);
    append(add);
  };

  if (input.header) place([input.header]);
  let anyItem = false;
  for (const section of input.sections) {
    let started = false;
    let currentChunk = -1;
    for (const item of section.items) {
      anyItem = true;
      const chunkIndex = chunks.length;
      if (started && currentChunk === chunkIndex && fits([item])) {
        append([item]);
        continue;
      }
      if (started && currentChunk === chunkIndex) flush();
      const heading = section.heading(started);
      place([heading, item]);
      started = true;
      currentChunk = chunks.length;
    }
  }
  if (!anyItem && input.empty) place([input.empty]);
  if (input.footer) place([input.footer]);
  flush();
  return chunks;
}
