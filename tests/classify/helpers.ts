/** The real config/topics.yaml and config/gazetteer.yaml, parsed directly (the config loader is tested elsewhere). */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Gazetteer, TopicConfig } from '../../src/digest/model.js';

const configDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'config');

export function loadTopics(): TopicConfig[] {
  return parse(readFileSync(join(configDir, 'topics.yaml'), 'utf8')) as TopicConfig[];
}

export function loadGazetteer(): Gazetteer {
  return parse(readFileSync(join(configDir, 'gazetteer.yaml'), 'utf8')) as Gazetteer;
}
