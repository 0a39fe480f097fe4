import type { DynamoDBBatchResponse } from 'aws-lambda';
import type { PublishCounts } from './metrics.js';
import { publishPosts } from './publish.js';
import { publishInsertedRows } from './publish-database.js';
import type { PublishDeps } from './publish-deliver.js';
import type { PublishTrigger } from './publish-event.js';
import { type HttpResponse, publishHttp } from './publish-http.js';
import type { PublishResult } from './publish-result.js';
import { publishStream } from './publish-stream.js';
import { runSweep, type SweepResult } from './publish-sweep.js';

/** What publish answers its caller, per trigger. */
export type PublishAnswer =
  | PublishResult
  | SweepResult
  | HttpResponse
  | DynamoDBBatchResponse;

/** The answer for the trigger and the post counts behind it. */
export interface PublishOutcome {
  readonly answer: PublishAnswer;
  readonly counts: PublishCounts;
}

/**
 * Run the trigger's publish path.
 * @throws TypeError for an unsupported event; DatabaseError when a sweep
 * cannot list its posts; anything else a path does not map to a result.
 */
export async function publishTrigger(
  trigger: PublishTrigger,
  deps: PublishDeps,
): Promise<PublishOutcome> {
  switch (trigger.kind) {
    case 'http': {
      const { response, counts } = await publishHttp(trigger.request, deps);
      return { answer: response, counts };
    }
    case 'stream': {
      const { response, counts } = await publishStream(trigger.records, deps);
      return { answer: response, counts };
    }
    case 'database':
      return logged(deps, await publishInsertedRows(trigger.refs, deps));
    case 'sweep':
      return logged(deps, await runSweep(deps));
    case 'unsupported':
      throw new TypeError(`publish does not accept ${trigger.reason}`);
    default:
      return logged(deps, await publishPosts(trigger.posts, deps));
  }
}

function logged(deps: PublishDeps, result: PublishResult): PublishOutcome {
  const { topic, sent, invalid, skipped, failed } = result;
  deps.logger.info('Publish finished', {
    topic,
    sent,
    invalid,
    skipped,
    failed,
  });
  return { answer: result, counts: result };
}
