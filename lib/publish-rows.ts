import { DatabaseError, PostValidationError } from './errors.js';
import { type Post, parsePost } from './post.js';
import {
  type Candidate,
  dbOptions,
  deliver,
  type PublishDeps,
} from './publish-deliver.js';
import type { PostResult } from './publish-result.js';
import {
  canonicalPostId,
  lookupPosts,
  type StoredPost,
} from './publish-store.js';

/** A post id named by a trigger, at its place in the trigger's input. */
export interface PostRef {
  readonly index: number;
  readonly postId: string;
}

/**
 * The outbound post of a row: author from the users table, text and image
 * from the row, validated like any post; pure.
 * @throws PostValidationError (e.g. an image URL that is not http(s)).
 */
export function postFromRow(row: StoredPost): Post {
  if (row.username === null) {
    throw new PostValidationError(['the post has no author in users']);
  }
  return parsePost({
    post_id: row.postId,
    username: row.username,
    post_text: row.caption,
    image_url: row.imageUrl,
  });
}

/** Skip reason for a row, or null when it may be sent; pure. */
export function skipReason(
  row: StoredPost | undefined,
): 'skipped_foreign' | 'already_published' | null {
  if (row?.sourceSite != null) return 'skipped_foreign';
  return row?.isPublished ? 'already_published' : null;
}

async function rowsOf(
  refs: readonly PostRef[],
  deps: PublishDeps,
): Promise<Map<string, StoredPost> | PostResult[]> {
  try {
    const ids = refs.map((r) => r.postId);
    return await lookupPosts(deps.db, ids, dbOptions(deps));
  } catch (error: unknown) {
    if (!(error instanceof DatabaseError)) throw error;
    // Fail closed: what cannot be checked against its row is not sent.
    deps.logger.warn('Could not read posts to publish', { error });
    return refs.map(({ index, postId }) => ({
      index,
      post_id: postId,
      status: 'failed',
      error: `could not read the post from the database (${error.statement})`,
      retriable: error.retriable,
    }));
  }
}

/**
 * Client-sent posts checked against their rows: a row that is foreign or
 * already published is skipped; a post with no row yet passes.
 */
export async function guardByRows(
  candidates: readonly Candidate[],
  deps: PublishDeps,
): Promise<{ pass: Candidate[]; results: PostResult[] }> {
  if (candidates.length === 0) return { pass: [], results: [] };
  const refs = candidates.map((c) => ({ ...c, postId: c.post.postId }));
  const rows = await rowsOf(refs, deps);
  if (Array.isArray(rows)) return { pass: [], results: rows };
  const pass: Candidate[] = [];
  const results: PostResult[] = [];
  for (const c of candidates) {
    const skip = skipReason(rows.get(canonicalPostId(c.post.postId)));
    if (skip === null) pass.push(c);
    else results.push({ index: c.index, post_id: c.post.postId, status: skip });
  }
  return { pass, results };
}

/**
 * Publish posts named only by id (stream, database trigger): the row is the
 * source of truth. No row (not committed yet) is a retriable failure.
 */
export async function publishByIds(
  refs: readonly PostRef[],
  deps: PublishDeps,
): Promise<PostResult[]> {
  if (refs.length === 0) return [];
  const rows = await rowsOf(refs, deps);
  if (Array.isArray(rows)) return rows;
  const results: PostResult[] = [];
  const candidates: Candidate[] = [];
  for (const { index, postId: post_id } of refs) {
    const row = rows.get(canonicalPostId(post_id));
    const skip = skipReason(row);
    if (row === undefined) {
      const error = `post ${post_id} has no row in posts yet`;
      results.push({
        index,
        post_id,
        status: 'failed',
        error,
        retriable: true,
      });
    } else if (skip !== null) results.push({ index, post_id, status: skip });
    else results.push(...toCandidate(index, row, candidates));
  }
  return [...results, ...(await deliver(candidates, deps))];
}

/** Add the row's post to `candidates`, or return its invalid result. */
export function toCandidate(
  index: number,
  row: StoredPost,
  candidates: Candidate[],
): PostResult[] {
  try {
    candidates.push({ index, post: postFromRow(row) });
    return [];
  } catch (error: unknown) {
    if (!(error instanceof PostValidationError)) throw error;
    const errors = error.issues;
    return [{ index, post_id: row.postId, status: 'invalid', errors }];
  }
}
