import type { DynamoDBBatchResponse } from 'aws-lambda';
import type { PublishCounts } from './metrics.js';
import type { PublishDeps } from './publish-deliver.js';
import { type PostResult, summarise } from './publish-result.js';
import { type PostRef, publishByIds } from './publish-rows.js';

/** One DynamoDB Streams record, decoded. */
export type StreamItem =
  | { readonly kind: 'post'; readonly seq: string; readonly postId: string }
  | { readonly kind: 'ignore'; readonly seq: string; readonly why: string }
  | { readonly kind: 'bad'; readonly seq: string; readonly why: string };

const get = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null
    ? Reflect.get(value, key)
    : undefined;

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_AttributeValue.html
function scalar(attribute: unknown): string | null {
  const value = get(attribute, 'N') ?? get(attribute, 'S');
  return typeof value === 'string' ? value.trim() : null;
}

/**
 * Decode one stream record of the posts table: INSERTs of local posts are
 * published; other events and foreign posts are ignored; pure.
 */
export function decodeStreamRecord(record: unknown): StreamItem {
  const stream = get(record, 'dynamodb');
  const seq = get(stream, 'SequenceNumber');
  if (typeof seq !== 'string' || seq === '') {
    return { kind: 'bad', seq: '', why: 'no dynamodb.SequenceNumber' };
  }
  const event = get(record, 'eventName');
  if (event !== 'INSERT') return { kind: 'ignore', seq, why: `${event}` };
  const image = get(stream, 'NewImage');
  if (image === undefined) {
    const why = 'no NewImage: the stream view type must include new images';
    return { kind: 'bad', seq, why };
  }
  const site = scalar(get(image, 'source_site'));
  if (site) return { kind: 'ignore', seq, why: 'foreign' };
  const postId = scalar(get(image, 'post_id'));
  if (postId === null || !/^\d{1,19}$/.test(postId)) {
    return { kind: 'bad', seq, why: 'NewImage.post_id is not a post id' };
  }
  return { kind: 'post', seq, postId };
}

const isFailure = (r: PostResult) =>
  r.status === 'failed' || r.status === 'invalid';

/**
 * Publish a batch of stream records. Each record that is bad, refused or
 * unsendable is reported by its sequence number (partial batch response);
 * the rest count as done.
 */
export async function publishStream(
  records: readonly unknown[],
  deps: PublishDeps,
): Promise<{ response: DynamoDBBatchResponse; counts: PublishCounts }> {
  const items = records.map(decodeStreamRecord);
  const refs: PostRef[] = [];
  items.forEach((item, index) => {
    if (item.kind === 'post') refs.push({ index, postId: item.postId });
    if (item.kind === 'bad') deps.logger.warn('Bad stream record', { ...item });
  });
  const results = await publishByIds(refs, deps);
  const failed = new Set(results.filter(isFailure).map((r) => r.index));
  const batchItemFailures = items
    .filter((item, index) => item.kind === 'bad' || failed.has(index))
    .map((item) => ({ itemIdentifier: item.seq }));
  const sent = results.filter((r) => r.status === 'sent').length;
  deps.logger.info('Stream batch published', {
    records: items.length,
    sent,
    failed: batchItemFailures.length,
    results,
  });
  // Per record: a bad one counts as invalid, an ignored one as skipped.
  const tally = summarise(deps.topic, results);
  const counts = {
    sent,
    invalid: tally.invalid + items.filter((i) => i.kind === 'bad').length,
    skipped: tally.skipped + items.filter((i) => i.kind === 'ignore').length,
    failed: tally.failed,
  };
  return { response: { batchItemFailures }, counts };
}
