import type { PostRef } from './publish-rows.js';

/** The parts of an API Gateway HTTP API (payload v2.0) request publish reads. */
export interface HttpRequest {
  readonly body: string | undefined;
  readonly isBase64Encoded: boolean;
}

/** What invoked publish, recognised by the event's shape. */
export type PublishTrigger =
  | { readonly kind: 'direct'; readonly posts: readonly unknown[] }
  | { readonly kind: 'http'; readonly request: HttpRequest }
  | { readonly kind: 'stream'; readonly records: readonly unknown[] }
  | { readonly kind: 'database'; readonly refs: readonly PostRef[] }
  | { readonly kind: 'sweep' }
  | { readonly kind: 'unsupported'; readonly reason: string };

/** `trigger` value of the payload the optional Aurora trigger sends. */
export const DATABASE_TRIGGER = 'posts_insert';

const get = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null
    ? Reflect.get(value, key)
    : undefined;

const isObject = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function httpRequest(event: unknown): HttpRequest | null {
  // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
  if (get(event, 'version') !== '2.0') return null;
  if (!isObject(get(get(event, 'requestContext'), 'http'))) return null;
  const body = get(event, 'body');
  return {
    body: typeof body === 'string' ? body : undefined,
    isBase64Encoded: get(event, 'isBase64Encoded') === true,
  };
}

function databaseRefs(event: unknown): PostRef[] | null {
  if (get(event, 'trigger') !== DATABASE_TRIGGER) return null;
  const id = get(get(event, 'post'), 'post_id');
  const postId = typeof id === 'number' ? String(id) : id;
  if (typeof postId !== 'string' || !/^\d{1,19}$/.test(postId)) return null;
  return [{ index: 0, postId }];
}

function isScheduled(event: unknown): boolean {
  return (
    (get(event, 'source') === 'aws.events' &&
      get(event, 'detail-type') === 'Scheduled Event') ||
    get(event, 'trigger') === 'sweep'
  );
}

/**
 * Recognise the trigger by the event's shape; anything else is a direct
 * invoke (one post, an array, or `{posts}`); pure.
 */
export function classifyEvent(event: unknown): PublishTrigger {
  const request = httpRequest(event);
  if (request !== null) return { kind: 'http', request };
  const records = get(event, 'Records');
  if (Array.isArray(records)) {
    return records.every((r) => get(r, 'eventSource') === 'aws:dynamodb')
      ? { kind: 'stream', records }
      : { kind: 'unsupported', reason: 'Records that are not DynamoDB' };
  }
  if (get(event, 'trigger') === DATABASE_TRIGGER) {
    const refs = databaseRefs(event);
    return refs === null
      ? { kind: 'unsupported', reason: 'a posts_insert without a post_id' }
      : { kind: 'database', refs };
  }
  if (isScheduled(event)) return { kind: 'sweep' };
  return { kind: 'direct', posts: toPostList(event) };
}

/** Accept one post, an array, or `{posts: [...]}`; pure. */
export function toPostList(event: unknown): unknown[] {
  if (Array.isArray(event)) return event;
  const posts = get(event, 'posts');
  return Array.isArray(posts) ? posts : [event];
}
