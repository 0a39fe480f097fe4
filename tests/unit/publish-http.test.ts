import { publishedResponse, readHttpPosts } from '../../lib/publish-http.js';
import { summarise } from '../../lib/publish-result.js';

const text = (body: string) => ({ body, isBase64Encoded: false });
const base64 = (body: string) => ({
  body: Buffer.from(body).toString('base64'),
  isBase64Encoded: true,
});

describe('readHttpPosts', () => {
  it.each([
    ['text', text('[{"post_id":1},{"post_id":2}]')],
    ['base64', base64('{"posts":[{"post_id":1},{"post_id":2}]}')],
  ])('reads the posts of a %s body', (_label, request) => {
    // Prepare / Act
    const read = readHttpPosts(request, 1024);
    // Assert
    expect(read).toEqual({ posts: [{ post_id: 1 }, { post_id: 2 }] });
  });

  it.each([
    ['no body', { body: undefined, isBase64Encoded: false }, 400],
    ['invalid JSON', text('{'), 400],
    ['invalid UTF-8', { body: '/w==', isBase64Encoded: true }, 400],
    ['no posts', text('{"posts":[]}'), 400],
    ['a body over the limit', base64(`"${'x'.repeat(2000)}"`), 413],
  ])('refuses %s', (_label, request, statusCode) => {
    // Prepare / Act
    const read = readHttpPosts(request, 1024);
    // Assert
    expect(read).toMatchObject({ response: { statusCode } });
  });
});

describe('publishedResponse', () => {
  const failed = (retriable: boolean) => ({
    index: 0,
    post_id: '1',
    status: 'failed' as const,
    error: 'Connection error: connect ECONNREFUSED 10.0.0.5:9092',
    retriable,
  });

  it('answers 503 with Retry-After when nothing was sent and all may be retried', () => {
    // Prepare
    const result = summarise('t', [failed(true)]);
    // Act
    const response = publishedResponse(result);
    // Assert
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'retry-after': '5' });
    expect(response.body).not.toContain('10.0.0.5');
  });

  it.each([
    ['a permanent failure', [failed(false)]],
    [
      'a partial success',
      [failed(true), { index: 1, post_id: '2', status: 'sent' as const }],
    ],
    [
      'only skipped posts',
      [{ index: 0, post_id: '1', status: 'skipped_foreign' as const }],
    ],
  ])('answers 202 to %s', (_label, results) => {
    // Prepare / Act
    const response = publishedResponse(summarise('t', results));
    // Assert
    expect(response.statusCode).toBe(202);
    expect(response.body).not.toContain('ECONNREFUSED');
  });

  it('says a permanent failure will not pass on retry, without blaming the broker', () => {
    // Prepare: e.g. the Kafka secret unreadable, which the broker never saw
    const response = publishedResponse(summarise('t', [failed(false)]));
    // Act
    const body = JSON.parse(response.body ?? '') as {
      results: { error: string }[];
    };
    // Assert
    expect(body.results[0]?.error).toBe(
      'not sent, and a retry will not help (the cause is in the function log)',
    );
  });
});
