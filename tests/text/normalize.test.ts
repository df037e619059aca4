import { describe, expect, it } from 'vitest';
import {
  foldDiacritics,
  matchKey,
  nfc,
  syllables,
  unifyTones,
} from '../../src/digest/text/normalize.js';

describe('nfc', () => {
  it('composes decomposed Vietnamese', () => {
    const decomposed = 'Hà Nội'.normalize('NFD');
    expect(decomposed).not.toBe('Hà Nội');
    expect(nfc(decomposed)).toBe('Hà Nội');
  });
});

describe('unifyTones', () => {
  it.each([
    ['hoà bình', 'hòa bình'],
    ['Uỷ ban', 'Ủy ban'],
    ['thuỷ lợi', 'thủy lợi'],
    ['khoẻ mạnh', 'khỏe mạnh'],
    ['toà án', 'tòa án'],
    ['loà', 'lòa'],
    ['hoạ sĩ', 'họa sĩ'],
    ['HOÀ', 'HÒA'],
  ])('moves the tone of "%s" to the new placement', (oldStyle, newStyle) => {
    expect(unifyTones(oldStyle)).toBe(newStyle);
    expect(unifyTones(newStyle)).toBe(newStyle);
  });

  it.each(['quý', 'quà', 'quỳnh', 'hoàng', 'toán', 'huyện', 'khuỷu'])(
    'leaves "%s" alone (same in both styles)',
    (w) => {
      expect(unifyTones(w)).toBe(w);
    },
  );

  it('normalizes decomposed input too', () => {
    expect(unifyTones('hoà'.normalize('NFD'))).toBe('hòa');
  });
});

describe('matchKey and foldDiacritics', () => {
  it('makes old and new spellings, case and spacing equal', () => {
    expect(matchKey('  Uỷ ban  nhân dân\tHoà Bình ')).toBe('ủy ban nhân dân hòa bình');
    expect(matchKey('Ủy ban nhân dân Hòa Bình')).toBe(matchKey('UỶ BAN NHÂN DÂN HOÀ BÌNH'));
  });
  it('drops diacritics and đ for search', () => {
    expect(foldDiacritics('Ngập úng')).toBe('ngap ung');
    expect(foldDiacritics('Đường Đê La Thành')).toBe('duong de la thanh');
    expect(foldDiacritics('hoà')).toBe(foldDiacritics('hòa'));
  });
});

describe('syllables', () => {
  it('gives lowercase syllables and keeps numbers whole', () => {
    expect(syllables('Kết nạp 10.027 đảng viên, đạt 102,9% (TP.HCM)')).toEqual([
      'kết',
      'nạp',
      '10.027',
      'đảng',
      'viên',
      'đạt',
      '102,9',
      'tp',
      'hcm',
    ]);
    expect(syllables('Thuỷ lợi')).toEqual(syllables('thủy lợi'));
    expect(syllables(' … ')).toEqual([]);
  });
});
