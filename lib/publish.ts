import { KafkaPublishError, PostValidationError } from './errors.js';
import type { PostProducer } from './kafka.js';
import { type Post, parsePost, toKafkaMessage } from './post.js';

/** The outcome for one post of a publish call, in input order. */
export type PostResult =
  | {
      readonly index: number;
      readonly post_id: string;
      readonly status: 'sent';
    }
  | {
      readonly index: number;
      readonly post_id: string | null;
      readonly status: 'invalid';
      readonly errors: readonly string[];
    }
  | {
      readonly index: number;
      readonly post_id: string;
      readonly status: 'failed';
      readonly error: string;
      readonly retriable: boolean;
    };

/** The answer to a publish call. */
export interface PublishResult {
  readonly topic: string;
  readonly sent: number;
  readonly invalid: number;
  readonly failed: number;
  readonly results: readonly PostResult[];
}

/** Accept one post, an array, or `{posts: [...]}`; pure. */
export function toPostList(event: unknown): unknown[] {
  if (Array.isArray(event)) return event;
  const posts: unknown =
    typeof event === 'object' && event !== null
      ? Reflect.get(event, 'posts')
      : undefined;
  return Array.isArray(posts) ? posts : [event];
}

function rawId(input: unknown): string | null {
  const id: unknown =
    typeof input === 'object' && input !== null
      ? Reflect.get(input, 'post_id')
      : null;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

/**
 * Validate every post, send the valid ones in one producer call, and report
 * per post. An invalid post never blocks the valid ones.
 */
export async function publishPosts(
  inputs: readonly unknown[],
  deps: { producer: PostProducer; siteId: string; topic: string },
): Promise<PublishResult> {
  const results: PostResult[] = [];
  const valid: { index: number; post: Post }[] = [];
  inputs.forEach((input, index) => {
    try {
      valid.push({ index, post: parsePost(input) });
    } catch (error: unknown) {
      if (!(error instanceof PostValidationError)) throw error;
      results.push({
        index,
        post_id: rawId(input),
        status: 'invalid',
        errors: error.issues,
      });
    }
  });
  if (valid.length > 0) {
    const messages = valid.map((v) => toKafkaMessage(v.post, deps.siteId));
    try {
      await deps.producer.send(deps.topic, messages);
      for (const v of valid)
        results.push({
          index: v.index,
          post_id: v.post.postId,
          status: 'sent',
        });
    } catch (error: unknown) {
      if (!(error instanceof KafkaPublishError)) throw error;
      for (const v of valid) {
        results.push({
          index: v.index,
          post_id: v.post.postId,
          status: 'failed',
          error: error.message,
          retriable: error.retriable,
        });
      }
    }
  }
  results.sort((a, b) => a.index - b.index);
  const count = (s: PostResult['status']) =>
    results.filter((r) => r.status === s).length;
  return {
    topic: deps.topic,
    sent: count('sent'),
    invalid: count('invalid'),
    failed: count('failed'),
    results,
  };
}
