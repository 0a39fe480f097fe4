import { PostValidationError } from './errors.js';
import { parsePost, toKafkaMessage } from './post.js';
import {
  type Candidate,
  deliver,
  type PublishDeps,
} from './publish-deliver.js';
import {
  type PostResult,
  type PublishResult,
  summarise,
} from './publish-result.js';
import { guardByRows } from './publish-rows.js';
import { oversizeIssue } from './publish-send.js';

/** What validation of client posts needs to know. */
export interface ValidationLimits {
  readonly siteId: string;
  readonly maxMessageBytes: number;
}

function fieldOf(input: unknown, key: string): unknown {
  return typeof input === 'object' && input !== null
    ? Reflect.get(input, key)
    : undefined;
}

function rawId(input: unknown): string | null {
  const id = fieldOf(input, 'post_id');
  // A number past 2^53 was rounded by JSON.parse: echoing it would name a
  // post the caller never sent.
  if (typeof id === 'number')
    return Number.isSafeInteger(id) ? String(id) : null;
  return typeof id === 'string' ? id : null;
}

function isForeign(input: unknown, siteId: string): boolean {
  const site = fieldOf(input, 'source_site');
  return (
    typeof site === 'string' && site.trim() !== '' && site.trim() !== siteId
  );
}

function validateOne(
  input: unknown,
  index: number,
  limits: ValidationLimits,
): Candidate | PostResult {
  try {
    const post = parsePost(input);
    const message = toKafkaMessage(post, limits.siteId);
    const tooBig = oversizeIssue(message, limits.maxMessageBytes);
    if (tooBig !== null) throw new PostValidationError([tooBig]);
    if (isForeign(input, limits.siteId)) {
      return { index, post_id: post.postId, status: 'skipped_foreign' };
    }
    return { index, post };
  } catch (error: unknown) {
    if (!(error instanceof PostValidationError)) throw error;
    const errors = error.issues;
    return { index, post_id: rawId(input), status: 'invalid', errors };
  }
}

/**
 * Validate posts sent by a client, size included; pure. A post the client
 * itself marks as another site's (`source_site` set and not ours) is
 * skipped, never sent: what we send always carries our site id.
 */
export function validatePosts(
  inputs: readonly unknown[],
  limits: ValidationLimits,
): { candidates: Candidate[]; results: PostResult[] } {
  const candidates: Candidate[] = [];
  const results: PostResult[] = [];
  inputs.forEach((input, index) => {
    const checked = validateOne(input, index, limits);
    if ('post' in checked) candidates.push(checked);
    else results.push(checked);
  });
  return { candidates, results };
}

/**
 * Publish validated client posts: skip rows that are foreign or already
 * published, send the rest, and summarise with the earlier `results`.
 */
export async function publishValidated(
  candidates: readonly Candidate[],
  results: readonly PostResult[],
  deps: PublishDeps,
): Promise<PublishResult> {
  const guarded = await guardByRows(candidates, deps);
  const sent = await deliver(guarded.pass, deps);
  return summarise(deps.topic, [...results, ...guarded.results, ...sent]);
}

/**
 * Direct invoke: validate, publish the valid posts, report per post. An
 * invalid post never blocks the valid ones.
 */
export function publishPosts(
  inputs: readonly unknown[],
  deps: PublishDeps,
): Promise<PublishResult> {
  const limits = { ...deps, maxMessageBytes: deps.settings.maxMessageBytes };
  const { candidates, results } = validatePosts(inputs, limits);
  return publishValidated(candidates, results, deps);
}
