import { describe, expect, it } from 'vitest';
import {
  charsetFromContentType,
  decodeBody,
  sniffDeclaredCharset,
} from '../../src/digest/gather/charset.js';
import { encodeWindows1258 } from './win1258.js';

const TEXT = 'Thủ tướng phê duyệt quy hoạch Thủ đô Hà Nội, tầm nhìn đến năm 2065';

describe('decodeBody', () => {
  it('decodes windows-1258 (combining tones) to NFC by Content-Type', () => {
    const bytes = encodeWindows1258(TEXT);
    // The encoding really uses combining marks: more bytes than NFC characters.
    expect(bytes.length).toBeGreaterThan(TEXT.length);
    const { text, encoding } = decodeBody(bytes, 'text/html; charset=windows-1258');
    expect(encoding).toBe('windows-1258');
    expect(text).toBe(TEXT);
    expect(text).toBe(text.normalize('NFC'));
  });

  it('falls back to <meta charset> and the XML declaration', () => {
    const html = encodeWindows1258(
      `<html><head><meta charset="windows-1258"></head><body>${TEXT}</body></html>`,
    );
    expect(decodeBody(html, 'text/html').text).toContain(TEXT);
    const xml = encodeWindows1258(
      `<?xml version="1.0" encoding="windows-1258"?><rss><title>${TEXT}</title></rss>`,
    );
    expect(decodeBody(xml, null).text).toContain(TEXT);
  });

  it('lets a BOM win over a wrong header', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]);
    expect(decodeBody(utf16, 'text/xml; charset=iso-8859-1').text).toBe(TEXT);
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]);
    expect(decodeBody(utf8, 'text/html; charset=windows-1258').text).toBe(TEXT);
  });

  it('normalizes decomposed UTF-8 to NFC and survives an unknown label', () => {
    const nfd = Buffer.from(TEXT.normalize('NFD'), 'utf8');
    const { text, encoding } = decodeBody(nfd, 'text/html; charset=x-made-up');
    expect(encoding).toBe('utf-8');
    expect(text).toBe(TEXT);
  });

  it('reads charset labels', () => {
    expect(charsetFromContentType('text/html; charset="UTF-8"')).toBe('UTF-8');
    expect(charsetFromContentType('text/html')).toBeNull();
    expect(
      sniffDeclaredCharset(
        Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'),
      ),
    ).toBe('windows-1258');
  });
});
