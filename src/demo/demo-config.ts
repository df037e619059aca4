/**
 * A config folder for loopback sample feeds: the demo and the end-to-end
 * tests write one so the real loader and validator read it, as a user's would.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { FeedConfig } from '../digest/model.js';

/** One `subscriptions.yaml` entry, in the file's own (snake_case) shape. */
export interface SubscriptionEntry {
  id: string;
  platform: 'telegram' | 'discord' | 'console';
  chat_id: string;
  schedule?: string;
  timezone?: string;
  topics?: string[];
}

/**
 * Writes `feeds.yaml` and `subscriptions.yaml` into `dir`. Topics, gazetteer
 * and schedules are left to the bundled defaults unless the folder has its own.
 */
export async function writeDemoConfig(
  dir: string,
  feeds: FeedConfig[],
  subscriptions: SubscriptionEntry[] = [],
): Promise<void> {
  const entries = feeds.map((f) => ({
    id: f.id,
    name: f.name,
    url: f.url,
    type: f.type,
    ...(f.linkSelector ? { link_selector: f.linkSelector } : {}),
    enabled: f.enabled,
  }));
  await writeFile(join(dir, 'feeds.yaml'), stringify({ feeds: entries }));
  await writeFile(join(dir, 'subscriptions.yaml'), stringify({ subscriptions }));
}
