/**
 * A test-only windows-1258 encoder (Node has the decoder only). Vietnamese in
 * windows-1258 spells tones as combining marks after a base letter, so text
 * is split into base + tone and each is mapped to its byte.
 */
const decoder = new TextDecoder('windows-1258');
const BYTE_OF = new Map<string, number>();
for (let b = 0; b < 256; b++) BYTE_OF.set(decoder.decode(Uint8Array.of(b)), b);

const TONES = /[\u0300\u0301\u0303\u0309\u0323]/u;

export function encodeWindows1258(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text.normalize('NFC')) {
    const direct = BYTE_OF.get(ch);
    if (direct !== undefined) {
      out.push(direct);
      continue;
    }
    const parts = [...ch.normalize('NFD')];
    const tone = parts.find((p) => TONES.test(p));
    const base = parts
      .filter((p) => !TONES.test(p))
      .join('')
      .normalize('NFC');
    const b = BYTE_OF.get(base);
    const t = tone ? BYTE_OF.get(tone) : undefined;
    if (b === undefined || (tone && t === undefined))
      throw new Error(`cannot encode ${JSON.stringify(ch)} in windows-1258`);
    out.push(b);
    if (t !== undefined) out.push(t);
  }
  return Uint8Array.from(out);
}
