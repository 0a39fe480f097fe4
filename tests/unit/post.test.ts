import { PostValidationError } from '../../lib/errors.js';
import { fromKafkaRecord, parsePost, toKafkaMessage } from '../../lib/post.js';

const aPost = (overrides: Record<string, unknown> = {}) => ({
  post_id: String(Math.floor(Math.random() * 1e9)),
  username: 'ines.marlow',
  post_text: "Tide's out 🐚",
  content_type: 'image',
  image_url: 'https://img.tidepool.example/p/4187.jpg',
  ...overrides,
});

describe('parsePost', () => {
  it.each([
    ['a missing post_id', { post_id: undefined }, 'post_id'],
    ['a fractional post_id', { post_id: 1.5 }, 'post_id'],
    ['a non-digit post_id', { post_id: 'abc' }, 'post_id'],
    ['a post_id past BIGINT', { post_id: '9223372036854775808' }, 'post_id'],
    ['a 20-digit post_id', { post_id: '99999999999999999999' }, 'post_id'],
    [
      'a post_id number past 2^53 (JSON already rounded it)',
      { post_id: JSON.parse('9007199254740993') },
      'send it as a digit string',
    ],
    ['an empty username', { username: '  ' }, 'username'],
    ['a numeric post_text', { post_text: 42 }, 'post_text'],
    ['a javascript: image_url', { image_url: 'javascript:x()' }, 'image_url'],
    ['an ftp image_url', { image_url: 'ftp://h.example/a.jpg' }, 'image_url'],
    ['image content without a URL', { image_url: null }, 'needs an image_url'],
    ['an unknown content_type', { content_type: 'video' }, 'content_type'],
  ])('rejects %s', (_label, overrides, expected) => {
    // Prepare
    const input = aPost(overrides);
    // Act
    const act = () => parsePost(input);
    // Assert
    expect(act).toThrow(PostValidationError);
    expect(act).toThrow(expected);
  });

  it('lists every issue in one error', () => {
    // Prepare
    const input = { post_id: 'x', username: 7, post_text: [] };
    // Act
    let issues: readonly string[] = [];
    try {
      parsePost(input);
    } catch (error: unknown) {
      if (error instanceof PostValidationError) issues = error.issues;
    }
    // Assert
    expect(issues).toHaveLength(3);
  });

  it('takes caption when post_text is absent and ignores client identity fields', () => {
    // Prepare
    const input = {
      post_id: 12,
      username: 'a',
      caption: 'hi',
      source_site: 'evil',
    };
    // Act
    const post = parsePost(input);
    // Assert
    expect(post).toEqual({
      postId: '12',
      username: 'a',
      text: 'hi',
      imageUrl: null,
    });
  });
});

it('writes a zero-padded post_id as the row id it names', () => {
  // Prepare / Act
  const post = parsePost(aPost({ post_id: ' 0020038 ' }));
  // Assert
  expect(post.postId).toBe('20038');
});

describe('toKafkaMessage', () => {
  it('writes exactly the outbound format with the site id from config', () => {
    // Prepare
    const post = parsePost(aPost({ post_id: '4187', source_site: 'spoofed' }));
    // Act
    const message = toKafkaMessage(post, 'tidepool');
    // Assert
    expect(message.key?.toString()).toBe('4187');
    expect(message.headers).toEqual({ 'content-type': 'application/json' });
    expect(message.value?.toString()).toBe(
      '{"username":"ines.marlow","source_site":"tidepool","post_uuid_within_site":"4187","post_text":"Tide\'s out 🐚","content_type":"image","attach":"https://img.tidepool.example/p/4187.jpg"}',
    );
  });

  it('leaves attach out of text posts', () => {
    // Prepare
    const post = parsePost(
      aPost({ image_url: undefined, content_type: 'text' }),
    );
    // Act
    const value = JSON.parse(String(toKafkaMessage(post, 's').value));
    // Assert
    expect(value).not.toHaveProperty('attach');
    expect(value.content_type).toBe('text');
  });

  it.each([
    ['an image post', aPost()],
    ['a text post', aPost({ image_url: undefined, content_type: undefined })],
    ['empty text', aPost({ post_text: '' })],
  ])('round-trips %s through fromKafkaRecord', (_label, input) => {
    // Prepare
    const post = parsePost(input);
    // Act
    const back = fromKafkaRecord(toKafkaMessage(post, 'tidepool'));
    // Assert
    expect(back).toEqual({ post, sourceSite: 'tidepool' });
  });
});
