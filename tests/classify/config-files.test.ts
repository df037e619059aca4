/** The shipped topic list and gazetteer: shape, counts and Vietnamese text in NFC. */
import { describe, expect, it } from 'vitest';
import { createClassifier, tokenize } from '../../src/digest/classify/index.js';
import { loadGazetteer, loadTopics } from './helpers.js';

const topics = loadTopics();
const gazetteer = loadGazetteer();

describe('config/topics.yaml', () => {
  it('lists the eleven civic topics with kebab-case ASCII ids and Vietnamese names', () => {
    expect(topics.map((t) => t.id)).toEqual([
      'xay-dung-dang',
      'bau-cu',
      'giao-thong',
      'quy-hoach-do-thi',
      'moi-truong',
      'y-te',
      'giao-duc',
      'an-sinh',
      'kinh-te-gia-ca',
      'an-ninh-trat-tu',
      'van-hoa',
    ]);
    for (const t of topics) expect(t.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(topics.find((t) => t.id === 'moi-truong')?.name).toBe('Môi trường & ngập úng');
  });

  it('gives every topic tens of distinct keywords, all NFC and lowercase', () => {
    for (const t of topics) {
      const all = [...t.keywords, ...(t.weakKeywords ?? []), ...(t.negativeKeywords ?? []).flat()];
      expect(new Set([...t.keywords, ...(t.weakKeywords ?? [])]).size, t.id).toBeGreaterThanOrEqual(
        40,
      );
      expect(t.keywords.length, t.id).toBeGreaterThanOrEqual(10);
      for (const k of all) {
        expect(k, `${t.id}: ${k}`).toBe(k.normalize('NFC'));
        expect(k, `${t.id}: ${k}`).toBe(k.toLowerCase());
        expect(tokenize(k).length, `${t.id}: ${k}`).toBeGreaterThan(0);
      }
    }
  });
});

describe('config/gazetteer.yaml', () => {
  it('has the 75 communes and 51 wards of the 2025 reorganization (plus spelling variants)', () => {
    expect(new Set(gazetteer.communes).size).toBe(75);
    const wards = new Set(gazetteer.wards.map((w) => w.replace(/ - /g, ' ')));
    expect(wards.size).toBe(51);
    expect(wards).toContain('Văn Miếu Quốc Tử Giám');
  });

  it('has old districts, landmarks, institutions, elsewhere and abroad names, all NFC', () => {
    expect(gazetteer.oldDistricts).toContain('Bắc Từ Liêm');
    expect(gazetteer.landmarks).toContain('Hồ Gươm');
    expect(gazetteer.institutions).toContain('Thành ủy Hà Nội');
    expect(gazetteer.elsewhere).toEqual(expect.arrayContaining(['TP.HCM', 'Đà Nẵng']));
    expect(gazetteer.abroad).toEqual(expect.arrayContaining(['Gaza', 'Ukraine']));
    for (const list of Object.values(gazetteer))
      for (const name of list as string[]) expect(name).toBe(name.normalize('NFC'));
  });

  it('builds a classifier', () => {
    expect(() => createClassifier({ topics, gazetteer })).not.toThrow();
  });
});

describe('the classify data through the config loader', () => {
  it('flattens shared negative keywords and loads the new gazetteer lists', async () => {
    const { loadConfig } = await import('../../src/config/index.js');
    const { BUNDLED_CONFIG_DIR } = await import('../../src/config/load.js');
    const config = await loadConfig(BUNDLED_CONFIG_DIR);
    for (const t of config.topics) {
      for (const k of t.negativeKeywords ?? []) expect(typeof k, t.id).toBe('string');
    }
    const party = config.topics.find((t) => t.id === 'xay-dung-dang');
    expect(party?.negativeKeywords).toContain('hội đàm');
    expect(party?.weakKeywords).toContain('thủ tướng');
    const g = config.gazetteer;
    expect(g.oldWards).toContain('Tân Triều');
    expect(g.streets).toContain('Lê Văn Lương');
    expect(g.schools).toContain('THPT Phan Đình Phùng');
    expect(g.notHanoi).toContain('xa lộ Hà Nội');
    expect(g.footerMarkers?.length).toBeGreaterThan(3);
    expect(g.residenceMarkers).toContain('trú tại');
  });
});
