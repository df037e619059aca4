/**
 * Payloads of the fake Discord API: Discord's limits as it checks them
 * (message content and embeds, components, command names) and the JSON shapes
 * it sends (messages, guilds, interactions), kept apart from the server's
 * routing.
 */
import type { FakeGuild, InteractionContext, StoredMessage } from './fake-discord-server.js';

export const BOT_USER = {
  id: '900000000000000001',
  username: 'hanoi-digest',
  discriminator: '0',
  avatar: null,
  bot: true,
  global_name: null,
};

export const LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  total: 6000,
};
const NAME_RE = /^[-_\p{Ll}\p{Lm}\p{Lo}\p{N}]{1,32}$/u;

/** Problems with a message body, by Discord's limits; empty when valid. */
export function validateMessageBody(
  body: Record<string, unknown>,
  options: { requireAllowedMentions: boolean },
): string[] {
  const errors: string[] = [];
  const content = typeof body['content'] === 'string' ? body['content'] : '';
  const embeds = Array.isArray(body['embeds']) ? (body['embeds'] as Record<string, unknown>[]) : [];
  if (content.length > LIMITS.content) errors.push(`content: ${content.length} > 2000`);
  if (embeds.length > LIMITS.embeds) errors.push(`embeds: ${embeds.length} > 10`);
  let total = 0;
  for (const [i, e] of embeds.entries()) {
    const title = String(e['title'] ?? '');
    const description = String(e['description'] ?? '');
    const footer = String((e['footer'] as { text?: string } | undefined)?.text ?? '');
    const fields = Array.isArray(e['fields'])
      ? (e['fields'] as { name: string; value: string }[])
      : [];
    if (title.length > LIMITS.title) errors.push(`embeds[${i}].title too long`);
    if (description.length > LIMITS.description) errors.push(`embeds[${i}].description too long`);
    if (footer.length > LIMITS.footer) errors.push(`embeds[${i}].footer too long`);
    if (fields.length > LIMITS.fields) errors.push(`embeds[${i}].fields: ${fields.length} > 25`);
    total += title.length + description.length + footer.length;
    for (const f of fields) {
      if (f.name.length > LIMITS.fieldName) errors.push(`embeds[${i}] field name too long`);
      if (f.value.length > LIMITS.fieldValue) errors.push(`embeds[${i}] field value too long`);
      total += f.name.length + f.value.length;
    }
  }
  if (total > LIMITS.total) errors.push(`embeds total ${total} > 6000`);
  if (options.requireAllowedMentions && typeof body['allowed_mentions'] !== 'object')
    errors.push('allowed_mentions missing');
  const components = Array.isArray(body['components'])
    ? (body['components'] as { components?: unknown[] }[])
    : [];
  if (components.length > 5) errors.push(`components: ${components.length} rows > 5`);
  for (const row of components)
    if ((row.components?.length ?? 0) > 5) errors.push('components: row with > 5 buttons');
  return errors;
}

export function validateCommands(body: unknown): string[] {
  const errors: string[] = [];
  if (!Array.isArray(body)) return ['commands body must be an array'];
  const check = (name: unknown, where: string): void => {
    if (typeof name !== 'string' || !NAME_RE.test(name))
      errors.push(`${where}: invalid name ${JSON.stringify(name)}`);
  };
  const walk = (o: Record<string, unknown>, where: string): void => {
    check(o['name'], where);
    for (const v of Object.values(
      (o['name_localizations'] as Record<string, string> | undefined) ?? {},
    ))
      check(v, `${where} (localized)`);
    const d = String(o['description'] ?? '');
    if (d.length < 1 || d.length > 100) errors.push(`${where}: description length ${d.length}`);
    for (const [k, sub] of (
      (o['options'] as Record<string, unknown>[] | undefined) ?? []
    ).entries())
      walk(sub, `${where}.options[${k}]`);
  };
  body.forEach((c: Record<string, unknown>, i) => walk(c, `commands[${i}]`));
  return errors;
}

export const guildToJson = (g: FakeGuild): Record<string, unknown> => ({
  id: g.id,
  name: g.name,
  unavailable: false,
  owner_id: '1',
  member_count: 2,
  roles: [
    {
      id: g.id,
      name: '@everyone',
      permissions: '0',
      position: 0,
      color: 0,
      hoist: false,
      managed: false,
      mentionable: false,
      flags: 0,
    },
  ],
  channels: g.channelIds.map((id, position) => ({
    id,
    type: 0,
    name: `kenh-${position}`,
    position,
    guild_id: g.id,
    permission_overwrites: [],
  })),
  members: [],
  emojis: [],
  stickers: [],
  features: [],
  threads: [],
  presences: [],
  voice_states: [],
  stage_instances: [],
  guild_scheduled_events: [],
  joined_at: new Date().toISOString(),
  large: false,
  preferred_locale: 'vi',
});

export const messageToJson = (
  m: StoredMessage,
  applicationId: string,
): Record<string, unknown> => ({
  ...m,
  type: 0,
  author: BOT_USER,
  timestamp: new Date().toISOString(),
  edited_timestamp: null,
  tts: false,
  mention_everyone: false,
  mentions: [],
  mention_roles: [],
  attachments: [],
  pinned: false,
  webhook_id: applicationId,
  application_id: applicationId,
});

export interface InteractionPayloadInput {
  id: string;
  token: string;
  applicationId: string;
  type: number;
  data: Record<string, unknown>;
  ctx: InteractionContext;
  extra: Record<string, unknown>;
  defaultChannelId: string;
}

/** An INTERACTION_CREATE payload: a guild member's (with permissions) or a DM user's. */
export function interactionPayload(input: InteractionPayloadInput): Record<string, unknown> {
  const { id, token: interactionToken, applicationId, type, data, ctx, extra } = input;
  const user = {
    id: ctx.user?.id ?? '100000000000000001',
    username: ctx.user?.username ?? 'nguoi-dung',
    discriminator: '0',
    avatar: null,
    global_name: null,
  };
  const channelId = ctx.channelId ?? input.defaultChannelId;
  const permissions = String(ctx.permissions ?? 0n);
  const payload: Record<string, unknown> = {
    id,
    application_id: applicationId,
    type,
    token: interactionToken,
    version: 1,
    data,
    channel_id: channelId,
    locale: 'vi',
    app_permissions: '2048',
    entitlements: [],
    authorizing_integration_owners: {},
    ...extra,
  };
  if (ctx.guildId) {
    payload['guild_id'] = ctx.guildId;
    payload['guild_locale'] = 'vi';
    payload['context'] = 0;
    payload['channel'] = {
      id: channelId,
      type: 0,
      guild_id: ctx.guildId,
      name: 'ban-tin',
      permissions,
    };
    payload['member'] = {
      user,
      roles: [],
      permissions,
      joined_at: new Date().toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
    };
  } else {
    payload['context'] = 1;
    payload['channel'] = { id: channelId, type: 1, recipients: [user] };
    payload['user'] = user;
  }
  return payload;
}
