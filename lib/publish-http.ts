import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { PublishCounts } from './metrics.js';
import { publishValidated, validatePosts } from './publish.js';
import type { PublishDeps } from './publish-deliver.js';
import { type HttpRequest, toPostList } from './publish-event.js';
import type { PostResult, PublishResult } from './publish-result.js';

/** An HTTP API response (payload format 2.0). */
export type HttpResponse = APIGatewayProxyStructuredResultV2;

/** Seconds a client should wait after a 503; a broker restart takes seconds. */
export const RETRY_AFTER_SECONDS = 5;

function respond(
  statusCode: number,
  body: object,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

const badRequest = (message: string, issues: object[] = []) =>
  respond(400, { error: 'invalid_request', message, issues });

/**
 * The posts in a request body (base64 or text, JSON), or the 400/413
 * response that refuses it; pure.
 */
export function readHttpPosts(
  request: HttpRequest,
  maxBodyBytes: number,
): { posts: unknown[] } | { response: HttpResponse } {
  if (request.body === undefined || request.body === '') {
    return { response: badRequest('the request has no body') };
  }
  const bytes = Buffer.from(
    request.body,
    request.isBase64Encoded ? 'base64' : 'utf8',
  );
  if (bytes.length > maxBodyBytes) {
    const message = `the body is ${bytes.length} bytes; the limit is ${maxBodyBytes}`;
    return { response: respond(413, { error: 'payload_too_large', message }) };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes),
    );
  } catch {
    return { response: badRequest('the body is not UTF-8 JSON') };
  }
  const posts = toPostList(parsed);
  return posts.length === 0
    ? { response: badRequest('the body holds no posts') }
    : { posts };
}

/** 400 naming every reason of every invalid post; pure. */
export function invalidPostsResponse(
  results: readonly PostResult[],
): HttpResponse {
  const issues = results
    .filter((r) => r.status === 'invalid')
    .sort((a, b) => a.index - b.index)
    .map(({ index, post_id, errors }) => ({ index, post_id, errors }));
  return badRequest(
    `${issues.length} post(s) are invalid; none was sent`,
    issues,
  );
}

// Callers see whether to retry, never broker addresses or SQL.
function publicResult(r: PostResult): PostResult {
  if (r.status !== 'failed') return r;
  const error = r.retriable
    ? 'temporarily unavailable; retry later'
    : 'not sent, and a retry will not help (the cause is in the function log)';
  return { ...r, error };
}

/**
 * 202 with a result per post; 503 with Retry-After when nothing was sent
 * and every failure is worth retrying (Kafka or the database unreachable);
 * pure.
 */
export function publishedResponse(result: PublishResult): HttpResponse {
  const body = { ...result, results: result.results.map(publicResult) };
  const failures = result.results.filter((r) => r.status === 'failed');
  const isUnavailable =
    result.sent === 0 &&
    failures.length > 0 &&
    failures.every((r) => r.status === 'failed' && r.retriable);
  if (!isUnavailable) return respond(202, body);
  return respond(
    503,
    { error: 'unavailable', message: 'retry later', ...body },
    { 'retry-after': String(RETRY_AFTER_SECONDS) },
  );
}

/** 500 for an unexpected error: only the request id, for support; pure. */
export function internalErrorResponse(requestId: string): HttpResponse {
  return respond(500, {
    error: 'internal_error',
    message: 'the post(s) could not be published',
    requestId,
  });
}

/** An HTTP answer and the post counts behind it (for metrics). */
export interface HttpOutcome {
  readonly response: HttpResponse;
  readonly counts: PublishCounts;
}

const noPosts = { sent: 0, invalid: 0, skipped: 0, failed: 0 };

/**
 * HTTP API trigger: read and validate the whole body first (400/413 send
 * nothing), then publish and answer 202 or 503.
 */
export async function publishHttp(
  request: HttpRequest,
  deps: PublishDeps,
): Promise<HttpOutcome> {
  const { maxBodyBytes, maxMessageBytes } = deps.settings;
  const read = readHttpPosts(request, maxBodyBytes);
  if ('response' in read) return { response: read.response, counts: noPosts };
  const limits = { siteId: deps.siteId, maxMessageBytes };
  const { candidates, results } = validatePosts(read.posts, limits);
  const invalid = results.filter((r) => r.status === 'invalid').length;
  if (invalid > 0) {
    const response = invalidPostsResponse(results);
    return { response, counts: { ...noPosts, invalid } };
  }
  const result = await publishValidated(candidates, results, deps);
  const response = publishedResponse(result);
  const { sent, skipped, failed } = result;
  const status = response.statusCode;
  deps.logger.info('HTTP publish answered', { status, sent, skipped, failed });
  return { response, counts: result };
}
