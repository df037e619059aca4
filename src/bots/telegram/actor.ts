/**
 * Who sent an update, as the command layer sees it. Group admin status costs
 * a getChatMember call, so it is asked lazily and cached briefly: a burst of
 * button presses from one admin makes one API call, while a demotion still
 * takes effect within a minute.
 */
import type { Api } from 'grammy';
import type { Chat } from 'grammy/types';
import type { Logger } from '../../digest/ports.js';
import type { Actor, CommandRequest } from '../commands/index.js';

export interface MemberCheckerOptions {
  api: Api;
  ttlMs?: number;
  logger: Logger;
  now?: () => number;
}

export interface MemberChecker {
  isChatAdmin(chatId: number, userId: number): Promise<boolean>;
}

export function createMemberChecker(options: MemberCheckerOptions): MemberChecker {
  const ttl = options.ttlMs ?? 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { admin: boolean; until: number }>();
  return {
    async isChatAdmin(chatId, userId) {
      const key = `${chatId}:${userId}`;
      const hit = cache.get(key);
      if (hit && hit.until > now()) return hit.admin;
      try {
        const member = await options.api.getChatMember(chatId, userId);
        const admin = member.status === 'creator' || member.status === 'administrator';
        cache.set(key, { admin, until: now() + ttl });
        if (cache.size > 10_000) cache.delete(cache.keys().next().value as string);
        return admin;
      } catch (err) {
        // Unknown status means no: refusing a real admin once is better than letting anyone change a group.
        options.logger.warn(
          { err, chatId, userId },
          'getChatMember failed; treating the user as not an admin',
        );
        return false;
      }
    },
  };
}

export function chatKindOf(chat: Chat): CommandRequest['chatKind'] {
  if (chat.type === 'private') return 'private';
  if (chat.type === 'channel') return 'channel';
  return 'group';
}

export function makeActor(
  chat: Chat,
  from: { id: number } | undefined,
  senderChat: { id: number } | undefined,
  adminIds: ReadonlySet<string>,
  members: MemberChecker,
): Actor {
  const userId = String(from?.id ?? senderChat?.id ?? chat.id);
  return {
    platform: 'telegram',
    userId,
    isBotAdmin: from !== undefined && adminIds.has(String(from.id)),
    async canManageTarget() {
      if (chat.type === 'private' || chat.type === 'channel') return true;
      // An anonymous group admin writes as the group itself.
      if (senderChat?.id === chat.id) return true;
      if (!from) return false;
      return members.isChatAdmin(chat.id, from.id);
    },
  };
}
