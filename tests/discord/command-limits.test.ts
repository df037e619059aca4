/** A flooding Discord user: allowance, one ephemeral notice, then silence; others unaffected. */
import { PermissionFlagsBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMAND_LIMIT_NOTICE } from '../../src/bots/commands/index.js';
import {
  CHANNEL_ID,
  GUILD_ID,
  startHarness,
  textOf,
  waitAnswered,
  type Harness,
} from './harness.js';

const member = (id: string, channelId = CHANNEL_ID) => ({
  guildId: GUILD_ID,
  channelId,
  user: { id },
  permissions: PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel,
});

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('discord command limits', () => {
  it('the 4th command gets the notice, the rest are not handled; another user still is', async () => {
    h = await startHarness({ commandLimits: { perUser: { limit: 3 }, perChat: { limit: 100 } } });
    const flooder = member('100000000000000005');
    const tokens = Array.from({ length: 8 }, () => h!.server.chatInput('topics', [], flooder));
    for (const t of tokens.slice(0, 4)) await waitAnswered(h, t);
    expect(textOf(await waitAnswered(h, tokens[3]!))).toContain(COMMAND_LIMIT_NOTICE);
    const other = h.server.chatInput('topics', [], member('100000000000000006'));
    expect(textOf(await waitAnswered(h, other))).not.toContain(COMMAND_LIMIT_NOTICE);
    // Three handled for the flooder, one for the other user; tokens 5-8 never reached the handlers.
    expect(h.handled.filter((r) => r.actor.userId === '100000000000000005')).toHaveLength(3);
    for (const t of tokens.slice(4)) expect(h.server.interactionCalls(t)).toEqual([]);
  });
});
