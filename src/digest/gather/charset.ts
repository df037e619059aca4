/**
 * Bytes → NFC text. Vietnamese outlets still serve windows-1258 (which spells
 * tones as combining marks) and UTF-16 now and then, so the order is: BOM,
 * the Content-Type charset, the document's own declaration (XML declaration
 * or <meta charset>), then UTF-8; the result is always NFC.
 */
import { TextDecoder } from 'node:util';

const SNIFF_BYTES = 2048;

function bomEncoding(bytes: Uint8Array): { encoding: string; skip: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { encoding: 'utf-8', skip: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  return null;
}

/** The charset parameter of a Content-Type header, if any. */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const m = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType);
  return m?.[1] ?? null;
}

/** The encoding the document declares about itself in its first bytes. */
export function sniffDeclaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, SNIFF_BYTES)).toString('latin1');
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  if (xml?.[1]) return xml[1];
  const meta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head);
  if (meta?.[1]) return meta[1];
  return null;
}

function decoderFor(label: string | null): TextDecoder | null {
  if (!label) return null;
  try {
    return new TextDecoder(label.toLowerCase());
  } catch {
    return null; // unknown label: fall through to the next source
  }
}

export interface DecodedText {
  text: string;
  /** The encoding actually used (WHATWG name). */
  encoding: string;
}

/** Decodes a response body; never throws on an unknown or lying charset label. */
export function decodeBody(bytes: Uint8Array, contentType?: string | null): DecodedText {
  const bom = bomEncoding(bytes);
  let decoder: TextDecoder | null = null;
  let body = bytes;
  if (bom) {
    decoder = new TextDecoder(bom.encoding);
    body = bytes.subarray(bom.skip);
  }
  decoder ??=
    decoderFor(charsetFromContentType(contentType)) ?? decoderFor(sniffDeclaredCharset(bytes));
  // A UTF-16 label without a BOM in an ASCII-compatible document is a lie.
  if (decoder && decoder.encoding.startsWith('utf-16') && !bom) decoder = null;
  decoder ??= new TextDecoder('utf-8');
  return { text: decoder.decode(body).normalize('NFC'), encoding: decoder.encoding };
}
