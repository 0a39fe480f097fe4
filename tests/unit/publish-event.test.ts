import { classifyEvent } from '../../lib/publish-event.js';
import {
  capturedStreamEvent,
  httpEvent,
  scheduledEvent,
} from '../helpers/publish-events.js';

describe('classifyEvent', () => {
  it.each([
    ['an HTTP API v2 request', httpEvent('{}'), 'http'],
    ['a DynamoDB Streams batch', capturedStreamEvent(), 'stream'],
    ['an EventBridge schedule', scheduledEvent(), 'sweep'],
    ['a manual sweep', { trigger: 'sweep' }, 'sweep'],
    [
      'the database trigger',
      { trigger: 'posts_insert', post: { post_id: '5' } },
      'database',
    ],
    ['one post', { post_id: 1, username: 'a' }, 'direct'],
    ['an array of posts', [{ post_id: 1 }], 'direct'],
    ['{posts}', { posts: [] }, 'direct'],
    ['SQS records', { Records: [{ eventSource: 'aws:sqs' }] }, 'unsupported'],
    [
      'a database trigger without an id',
      { trigger: 'posts_insert', post: {} },
      'unsupported',
    ],
  ])('recognises %s', (_label, event, kind) => {
    // Prepare / Act
    const trigger = classifyEvent(event);
    // Assert
    expect(trigger.kind).toBe(kind);
  });

  it('reads a base64 HTTP body without decoding it', () => {
    // Prepare
    const event = httpEvent('[1]', { base64: true });
    // Act
    const trigger = classifyEvent(event);
    // Assert
    expect(trigger).toEqual({
      kind: 'http',
      request: { body: 'WzFd', isBase64Encoded: true },
    });
  });

  it.each([
    [[{ post_id: 1 }], 1],
    [{ posts: [{ post_id: 1 }, { post_id: 2 }] }, 2],
    [{ post_id: 1 }, 1],
  ])('lists the posts of a direct invoke %#', (event, count) => {
    // Prepare / Act
    const trigger = classifyEvent(event);
    // Assert
    expect(trigger.kind === 'direct' && trigger.posts.length).toBe(count);
  });
});
