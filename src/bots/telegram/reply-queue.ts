/**
 * Replies leave through a queue per chat, so the per-chat send limit (one
 * message a second, 20 a minute in groups) is waited out by that chat's own
 * sender, never inside the sequentialized update handler: one chat's backlog
 * cannot hold another chat's replies, and the update runner's slots stay free.
 */
import type { Logger } from '../../digest/ports.js';

export interface ReplyQueue<M> {
  /** Queue messages for a chat; they go out in order, after the chat's earlier ones. */
  enqueue(chatId: number, messages: M[]): void;
  /** Resolves when every queue is empty (or after `timeoutMs`). */
  idle(timeoutMs?: number): Promise<void>;
  /** Messages waiting, all chats. */
  size(): number;
}

export interface ReplyQueueOptions<M> {
  send: (chatId: number, message: M) => Promise<void>;
  logger: Logger;
  /** Messages waiting per chat beyond which new ones are dropped and logged (default 50). */
  maxPerChat?: number;
}

export function createReplyQueue<M>(options: ReplyQueueOptions<M>): ReplyQueue<M> {
  const maxPerChat = options.maxPerChat ?? 50;
  const queues = new Map<number, M[]>();
  const idleWaiters = new Set<() => void>();

  function total(): number {
    let n = 0;
    for (const q of queues.values()) n += q.length;
    return n;
  }

  async function pump(chatId: number, q: M[]): Promise<void> {
    for (let m = q[0]; m !== undefined; m = q[0]) {
      try {
        await options.send(chatId, m);
      } catch (err) {
        options.logger.error({ chatId, err }, 'telegram reply failed');
      }
      q.shift();
    }
    queues.delete(chatId);
    if (queues.size === 0) for (const w of [...idleWaiters]) w();
  }

  return {
    enqueue(chatId, messages) {
      let q = queues.get(chatId);
      const start = !q;
      if (!q) {
        q = [];
        queues.set(chatId, q);
      }
      for (const m of messages) {
        if (q.length >= maxPerChat) {
          options.logger.warn({ chatId, queued: q.length }, 'reply queue full; reply dropped');
          continue;
        }
        q.push(m);
      }
      if (start) {
        if (q.length === 0) queues.delete(chatId);
        else void pump(chatId, q);
      }
    },
    idle(timeoutMs = 5_000) {
      if (queues.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          idleWaiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        idleWaiters.add(done);
      });
    },
    size: total,
  };
}
