/**
 * A publisher that records what it is given and can be told to fail, so
 * delivery tests see exactly which chunks reached "the platform".
 *
 * `dedupByKey: true` models Discord's `enforce_nonce`: a second publish with
 * an idempotency key seen before returns the first message instead of
 * posting again. Without it (Telegram) every publish posts.
 */
import type { Target } from '../../src/digest/model.js';
import type { RenderedChunk } from '../../src/digest/ports.js';
import type { PublishMeta, PublishResult, Publisher } from '../../src/delivery/publisher.js';

export interface RecordedMessage {
  target: Target;
  chunk: RenderedChunk;
  idempotencyKey: string;
  meta: PublishMeta | undefined;
  messageId: string;
}

export interface RecordingPublisher extends Publisher {
  /** Messages that were actually posted (after nonce dedup). */
  readonly messages: RecordedMessage[];
  /** Every publish call, posted or deduplicated. */
  readonly calls: { target: Target; idempotencyKey: string }[];
  /** Fail the next calls with these errors, in order (one error per call). */
  failNext(...errors: unknown[]): void;
  /** Called after the message is posted, before publish resolves (crash simulation). */
  afterPost: ((m: RecordedMessage) => void | Promise<void>) | null;
}

export function createRecordingPublisher(
  platform: Target['platform'],
  options: { dedupByKey?: boolean } = {},
): RecordingPublisher {
  const messages: RecordedMessage[] = [];
  const calls: { target: Target; idempotencyKey: string }[] = [];
  const failures: unknown[] = [];
  const byKey = new Map<string, RecordedMessage>();
  let seq = 0;
  const pub: RecordingPublisher = {
    platform,
    messages,
    calls,
    afterPost: null,
    failNext(...errors) {
      failures.push(...errors);
    },
    async publish(target, chunk, idempotencyKey, meta): Promise<PublishResult> {
      calls.push({ target, idempotencyKey });
      if (failures.length > 0) throw failures.shift();
      const seen = options.dedupByKey ? byKey.get(idempotencyKey) : undefined;
      if (seen) return { messageId: seen.messageId };
      const m: RecordedMessage = {
        target,
        chunk,
        idempotencyKey,
        meta,
        messageId: `${platform}-msg-${++seq}`,
      };
      messages.push(m);
      byKey.set(idempotencyKey, m);
      if (pub.afterPost) await pub.afterPost(m);
      return { messageId: m.messageId };
    },
  };
  return pub;
}
