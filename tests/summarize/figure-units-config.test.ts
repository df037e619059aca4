/** `config/figure-units.yaml` flows through src/config like topics.yaml, with the core's lists as the default. */
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { loadFigureUnits } from '../../src/config/load.js';
import { createExtractiveSummarizer } from '../../src/digest/summarize/extractive.js';
import { DEFAULT_FIGURE_UNITS } from '../../src/digest/text/figure-units.js';
import { configDir, type ConfigDir } from '../config/config-dir.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bundled = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'config');
let dir: ConfigDir | null = null;
afterEach(() => {
  dir?.cleanup();
  dir = null;
});

describe('figure-units.yaml', () => {
  it('the bundled file holds the same lists as the core default', async () => {
    expect(await loadFigureUnits(join(bundled, 'figure-units.yaml'))).toEqual(DEFAULT_FIGURE_UNITS);
  });

  it('falls back to the core default when no file exists', async () => {
    expect(await loadFigureUnits(join(bundled, 'no-such-file.yaml'))).toBe(DEFAULT_FIGURE_UNITS);
  });

  it('replaces the lists a CONFIG_DIR gives and keeps the others; the summarizer uses them', async () => {
    dir = configDir({ 'figure-units.yaml': 'countedNouns: [tiểu thương, người]\n' });
    const config = await loadConfig(dir.dir);
    expect(config.figureUnits?.countedNouns).toEqual(['tiểu thương', 'người']);
    expect(config.figureUnits?.measures).toEqual(DEFAULT_FIGURE_UNITS.measures);
    const input = {
      id: 'u1',
      title: 'Kiểm tra chợ đầu mối',
      body: 'Đoàn kiểm tra liên ngành đã làm việc với 7 tiểu thương trong chợ đầu mối phía Nam của thành phố.',
    };
    const withUnits = await createExtractiveSummarizer({
      units: config.figureUnits!,
    }).summarize(input);
    expect(withUnits.highlights.map((h) => h.text)).toEqual(['7 tiểu thương']);
    const plain = await createExtractiveSummarizer().summarize(input);
    expect(plain.highlights.map((h) => h.text)).toEqual([]);
  });

  it('names the file and the field of a bad entry', async () => {
    dir = configDir({ 'figure-units.yaml': 'countedNoun: [người]\n' });
    const err = await loadConfig(dir.dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(String((err as Error).message)).toMatch(/figure-units\.yaml[\s\S]*countedNoun/);
  });
});
