import { validatePosts } from '../../lib/publish.js';
import { postFromRow, skipReason } from '../../lib/publish-rows.js';
import { oversizeIssue, recordBytes } from '../../lib/publish-send.js';
import type { StoredPost } from '../../lib/publish-store.js';

const limits = { siteId: 'tidepool', maxMessageBytes: 2000 };
const aRow = (overrides: Partial<StoredPost> = {}): StoredPost => ({
  postId: '42',
  username: 'ines',
  caption: 'hello',
  imageUrl: null,
  sourceSite: null,
  isPublished: false,
  ...overrides,
});

describe('validatePosts', () => {
  it('sorts posts into candidates, invalid, oversized and foreign', () => {
    // Prepare
    const inputs = [
      { post_id: 1, username: 'a', post_text: 'ok' },
      { post_id: 'x', username: 'a' },
      { post_id: 3, username: 'a', post_text: 'y'.repeat(3000) },
      { post_id: 4, username: 'a', source_site: 'g58' },
      { post_id: 5, username: 'a', source_site: 'tidepool' },
    ];
    // Act
    const { candidates, results } = validatePosts(inputs, limits);
    // Assert
    expect(candidates.map((c) => c.index)).toEqual([0, 4]);
    expect(results.map((r) => [r.index, r.status])).toEqual([
      [1, 'invalid'],
      [2, 'invalid'],
      [3, 'skipped_foreign'],
    ]);
  });

  it('does not echo a post_id that JSON rounded (a number past 2^53)', () => {
    // Prepare: the caller sent 9007199254740993; JSON.parse made it ...992
    const input = JSON.parse(
      '{"post_id": 9007199254740993, "username": "a", "post_text": "x"}',
    );
    // Act
    const { results } = validatePosts([input], limits);
    // Assert
    expect(results).toEqual([
      expect.objectContaining({ status: 'invalid', post_id: null }),
    ]);
  });
});

describe('rows', () => {
  it.each([
    ['a foreign row', aRow({ sourceSite: 'g58' }), 'skipped_foreign'],
    ['a published row', aRow({ isPublished: true }), 'already_published'],
    ['a new local row', aRow(), null],
    ['no row', undefined, null],
  ])('skipReason of %s', (_label, row, expected) => {
    // Prepare / Act
    const reason = skipReason(row);
    // Assert
    expect(reason).toBe(expected);
  });

  it('builds the post from the row, author included', () => {
    // Prepare / Act
    const post = postFromRow(aRow({ imageUrl: 'https://h.example/a.jpg' }));
    // Assert
    expect(post).toEqual({
      postId: '42',
      username: 'ines',
      text: 'hello',
      imageUrl: 'https://h.example/a.jpg',
    });
  });

  it.each([
    ['no author', aRow({ username: null })],
    ['a non-http image', aRow({ imageUrl: 'data:image/png;base64,AA' })],
  ])('refuses a row with %s', (_label, row) => {
    // Prepare / Act
    const act = () => postFromRow(row);
    // Assert
    expect(act).toThrow('Invalid post');
  });
});

describe('record size', () => {
  it('counts key, value and header bytes', () => {
    // Prepare
    const message = {
      key: Buffer.from('42'),
      value: Buffer.from('é'),
      headers: { 'content-type': 'application/json' },
    };
    // Act
    const bytes = recordBytes(message);
    // Assert
    expect(bytes).toBe(2 + 2 + 12 + 16);
    expect(oversizeIssue(message, bytes)).toBeNull();
    expect(oversizeIssue(message, bytes - 1)).toContain('limit is');
  });
});
