import { PublishIncompleteError } from './errors.js';
import type { PublishDeps } from './publish-deliver.js';
import { type PublishResult, summarise } from './publish-result.js';
import { type PostRef, publishByIds } from './publish-rows.js';

/**
 * Database trigger: publish the inserted row. Throws when it could not be
 * sent (often: the inserting transaction had not committed yet) so Lambda's
 * asynchronous retry tries again; the sweep is the last resort.
 * @throws PublishIncompleteError
 */
export async function publishInsertedRows(
  refs: readonly PostRef[],
  deps: PublishDeps,
): Promise<PublishResult> {
  const result = summarise(deps.topic, await publishByIds(refs, deps));
  const failed = result.results.filter((r) => r.status === 'failed');
  if (failed.length > 0) {
    throw new PublishIncompleteError(
      failed.map((r) => String(r.post_id)),
      failed.every((r) => r.status === 'failed' && r.retriable),
    );
  }
  return result;
}
