import { describe, expect, it } from 'vitest';
import {
  createPhraseMatcher,
  EmptyPhraseError,
  tokenize,
} from '../../src/digest/classify/index.js';

function found(phrases: string[], text: string): string[] {
  const m = createPhraseMatcher(phrases.map((p) => ({ phrase: p, payload: p })));
  return m.match(tokenize(text)).flatMap((x) => x.payloads);
}

describe('tokenize', () => {
  it('splits on anything but letters and digits, lowercases and remembers capitals', () => {
    expect(tokenize('TP.HCM, Văn Miếu - Quốc Tử Giám')).toEqual([
      { key: 'tp', cap: true },
      { key: 'hcm', cap: true },
      { key: 'văn', cap: true },
      { key: 'miếu', cap: true },
      { key: 'quốc', cap: true },
      { key: 'tử', cap: true },
      { key: 'giám', cap: true },
    ]);
  });

  it('unifies old and new tone placement and decomposed input', () => {
    expect(tokenize('Hoà Lạc thuỷ').map((t) => t.key)).toEqual(['hòa', 'lạc', 'thủy']);
    expect(tokenize('Ho\u0300a'.normalize('NFD')).map((t) => t.key)).toEqual(['hòa']);
  });
});

describe('createPhraseMatcher', () => {
  it('finds whole-syllable phrases only', () => {
    expect(found(['ngập úng'], 'Đường phố ngập úng nặng')).toEqual(['ngập úng']);
    expect(found(['ngập'], 'ngập úng')).toEqual(['ngập']);
    expect(found(['an'], 'an toàn, bình an')).toEqual(['an', 'an']);
    expect(found(['an'], 'toàn bản')).toEqual([]);
  });

  it('prefers the longest phrase at a position and does not overlap matches', () => {
    expect(found(['Mỹ', 'Mỹ Đình'], 'sân Mỹ Đình')).toEqual(['Mỹ Đình']);
    expect(found(['Mỹ', 'Chương Mỹ'], 'huyện Chương Mỹ')).toEqual(['Chương Mỹ']);
    expect(found(['Mỹ'], 'nước Mỹ và Chương Mỹ')).toEqual(['Mỹ', 'Mỹ']);
  });

  it('requires capitals where the phrase has them, and matches lowercase phrase syllables in any case', () => {
    expect(found(['Thủ đô'], 'thủ đô Phnom Penh')).toEqual([]);
    expect(found(['Thủ đô'], 'Thủ đô Hà Nội; THỦ ĐÔ')).toEqual(['Thủ đô', 'Thủ đô']);
    expect(found(['hồ Tây'], 'Hồ Tây lộng gió, bên hồ Tây')).toEqual(['hồ Tây', 'hồ Tây']);
    expect(found(['hồ Tây'], 'hồ tây')).toEqual([]);
  });

  it('matches old tone placement in the text against new placement in the phrase, and back', () => {
    expect(found(['Hòa Lạc'], 'khu công nghệ cao Hoà Lạc')).toEqual(['Hòa Lạc']);
    expect(found(['thuỷ lợi'], 'công trình thủy lợi')).toEqual(['thuỷ lợi']);
  });

  it('returns every payload listed under one phrase', () => {
    const m = createPhraseMatcher([
      { phrase: 'Hoàn Kiếm', payload: 1 },
      { phrase: 'Hoàn Kiếm', payload: 2 },
    ]);
    expect(m.match(tokenize('quận Hoàn Kiếm'))).toEqual([
      { index: 1, length: 2, payloads: [1, 2] },
    ]);
  });

  it('rejects a phrase with nothing to match', () => {
    expect(() => createPhraseMatcher([{ phrase: ' - ', payload: 0 }])).toThrow(EmptyPhraseError);
  });
});
