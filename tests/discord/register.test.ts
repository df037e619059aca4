/** Slash-command definitions and `discord register` against the fake API. */
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSlashCommands, DiscordConfigError } from '../../src/bots/discord/index.js';
import { registerParamsFromEnv, runDiscordRegister } from '../../src/cli/commands/discord.js';
import { startFakeDiscordServer, type FakeDiscordServer } from '../helpers/fake-discord-server.js';

const APP = '900000000000000001';
type Cmd = {
  name: string;
  name_localizations?: Record<string, string>;
  description_localizations?: Record<string, string>;
  default_member_permissions?: string | null;
  options?: Cmd[];
};

describe('slash commands', () => {
  const commands = buildSlashCommands() as unknown as Cmd[];

  it('defines every command with an English base name and a Vietnamese (NFC) localization', () => {
    expect(commands.map((c) => c.name)).toEqual([
      'digest',
      'topics',
      'latest',
      'search',
      'subscribe',
      'unsubscribe',
      'settings',
      'feeds',
    ]);
    for (const c of commands) {
      expect(c.name).toMatch(/^[a-z]+$/);
      const vi = c.name_localizations?.['vi'];
      expect(vi).toBeDefined();
      expect(vi).toBe(vi!.normalize('NFC'));
      expect(c.description_localizations?.['vi']).toBeTruthy();
    }
    const digest = commands.find((c) => c.name === 'digest');
    expect(digest?.name_localizations?.['vi']).toBe('bản-tin');
    expect(digest?.options?.[0]?.name_localizations?.['vi']).toBe('chủ-đề');
  });

  it('subscription commands default to Manage Server | Manage Channels; the rest are open', () => {
    const perms = Object.fromEntries(
      commands.map((c) => [c.name, c.default_member_permissions ?? null]),
    );
    expect(perms).toMatchObject({
      subscribe: '48',
      unsubscribe: '48',
      settings: '48',
      digest: null,
      topics: null,
    });
  });

  it('/feeds has list, add, remove, pause, resume, rename, filter, export, import, admin-channel', () => {
    const feeds = commands.find((c) => c.name === 'feeds');
    expect(feeds?.options?.map((o) => o.name)).toEqual([
      'list',
      'add',
      'remove',
      'pause',
      'resume',
      'rename',
      'filter',
      'export',
      'import',
      'admin-channel',
    ]);
    const sub = (name: string) =>
      (
        feeds?.options?.find((o) => o.name === name) as unknown as {
          options?: { name: string; type: number }[];
        }
      )?.options ?? [];
    // An attachment option (type 11) for the OPML file; a confirm option on remove.
    expect(sub('import')).toEqual([expect.objectContaining({ name: 'tep', type: 11 })]);
    expect(sub('remove').map((o) => o.name)).toEqual(['id', 'xac-nhan']);
  });
});

describe('discord register', () => {
  let server: FakeDiscordServer;
  beforeEach(async () => {
    server = await startFakeDiscordServer({ applicationId: APP });
  });
  afterEach(async () => {
    await server.close();
  });
  const env = (over: Record<string, string | undefined> = {}) => ({
    DISCORD_BOT_TOKEN: 'test-token',
    DISCORD_APPLICATION_ID: APP,
    DISCORD_API_BASE: server.apiBase,
    ...over,
  });

  it('registers globally with a bulk overwrite (PUT) and prints what it did', async () => {
    const out = new PassThrough();
    const names = await runDiscordRegister(registerParamsFromEnv(env()), out);
    expect(names).toHaveLength(8);
    const put = server.calls.find((c) => c.method === 'PUT');
    expect(put?.path).toBe(`/applications/${APP}/commands`);
    expect(put?.auth).toBe('Bot test-token');
    expect(server.commands.get('global')).toHaveLength(8);
    expect(server.violations).toEqual([]);
    expect(String(out.read())).toContain('Registered 8 slash commands (global)');
  });

  it('registers in one guild with --guild', async () => {
    await runDiscordRegister(registerParamsFromEnv(env(), '200000000000000001'), new PassThrough());
    expect(server.calls.find((c) => c.method === 'PUT')?.path).toBe(
      `/applications/${APP}/guilds/200000000000000001/commands`,
    );
    expect(server.commands.has('global')).toBe(false);
  });

  it('fails clearly without a token or application id, before calling Discord', async () => {
    await expect(
      runDiscordRegister(
        registerParamsFromEnv(env({ DISCORD_BOT_TOKEN: undefined })),
        new PassThrough(),
      ),
    ).rejects.toThrow(/DISCORD_BOT_TOKEN is not set/);
    await expect(
      runDiscordRegister(
        registerParamsFromEnv(env({ DISCORD_APPLICATION_ID: 'abc' })),
        new PassThrough(),
      ),
    ).rejects.toBeInstanceOf(DiscordConfigError);
    await expect(
      runDiscordRegister(registerParamsFromEnv(env(), 'not-a-guild'), new PassThrough()),
    ).rejects.toThrow(/--guild/);
    expect(server.calls).toHaveLength(0);
  });
});
