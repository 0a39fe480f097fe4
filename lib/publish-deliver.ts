import type { PublishConfig } from './config.js';
import type { DataApi } from './data-api.js';
import { DatabaseError } from './errors.js';
import type { PostProducer } from './kafka-producer.js';
import type { Logger } from './logging.js';
import { type Post, toKafkaMessage } from './post.js';
import type { PostResult } from './publish-result.js';
import { oversizeIssue, sendEach } from './publish-send.js';
import { markPublished } from './publish-store.js';

/** The clients and settings every publish trigger uses. */
export interface PublishDeps {
  readonly producer: PostProducer;
  readonly db: DataApi;
  readonly siteId: string;
  readonly topic: string;
  readonly settings: PublishConfig;
  readonly logger: Logger;
}

/** A validated local post, at its place in the caller's input. */
export interface Candidate {
  readonly index: number;
  readonly post: Post;
}

/** Data API options bounded by the publish timeout. */
export function dbOptions(deps: PublishDeps): { deadline: number } {
  return { deadline: Date.now() + deps.settings.timeoutMs };
}

/**
 * Send validated local posts (key = post id, outbound format, acks=all),
 * then record the acknowledged ones as published. A post over the size
 * limit fails alone, as `invalid`, and is not sent.
 */
export async function deliver(
  candidates: readonly Candidate[],
  deps: PublishDeps,
): Promise<PostResult[]> {
  const results: PostResult[] = [];
  const ready: (Candidate & { message: ReturnType<typeof toKafkaMessage> })[] =
    [];
  for (const c of candidates) {
    const message = toKafkaMessage(c.post, deps.siteId);
    const issue = oversizeIssue(message, deps.settings.maxMessageBytes);
    if (issue === null) ready.push({ ...c, message });
    else
      results.push({
        index: c.index,
        post_id: c.post.postId,
        status: 'invalid',
        errors: [issue],
      });
  }
  const outcomes = await sendEach(
    deps.producer,
    deps.topic,
    ready.map((r) => r.message),
  );
  ready.forEach(({ index, post }, i) => {
    const outcome = outcomes[i];
    const post_id = post.postId;
    if (outcome?.ok) results.push({ index, post_id, status: 'sent' });
    else {
      const { error = 'not sent', retriable = true } = outcome ?? {};
      results.push({ index, post_id, status: 'failed', error, retriable });
    }
  });
  await recordPublished(results, deps);
  return results;
}

// The records are already acknowledged: a failure to record that only means
// the sweep may send them again, which ingest's natural key absorbs.
async function recordPublished(
  results: readonly PostResult[],
  deps: PublishDeps,
): Promise<void> {
  const sent = results.filter((r) => r.status === 'sent');
  try {
    await markPublished(
      deps.db,
      sent.map((r) => r.post_id),
      dbOptions(deps),
    );
  } catch (error: unknown) {
    if (!(error instanceof DatabaseError)) throw error;
    deps.logger.warn('Could not record published posts; the sweep may resend', {
      count: sent.length,
      error,
    });
  }
}
