import { decodeRecord } from '../../lib/inbound/decode.js';
import { specDecodeSettings } from '../helpers/decode-settings.js';

// Spec §5: SITE_ID=tidepool and the defaults.
const settings = specDecodeSettings();

const F = '{"username":"lin","source_site":"g58","post_uuid_within_site":"77"';
const T = '{"id":1856065657185403746,"author_id":60418273,"text":"hi"';
const B =
  '{"uri":"at://did:plc:abc/app.bsky.feed.post/1","text":"hi","author":{"did":"did:plc:abc"}';

interface Case {
  readonly name: string;
  readonly value: string;
  readonly topic?: string;
  readonly reason?: string;
  readonly post?: Readonly<Record<string, unknown>>;
  readonly notes?: readonly string[];
}

const cases: readonly Case[] = [
  {
    name: 'federated username object',
    value: `${F},"username":{},"post_text":"x"}`,
    reason: 'invalid_field',
  },
  {
    name: 'federated blank username',
    value: `${F},"username":"  ","post_text":"x"}`,
    post: { authorName: 'unknown' },
  },
  {
    name: 'federated null username',
    value: `${F},"username":null,"post_text":"x"}`,
    post: { authorName: 'unknown' },
  },
  {
    name: 'federated integer site',
    value: '{"source_site":58,"post_uuid_within_site":"1","post_text":"x"}',
    reason: 'missing_key',
  },
  {
    name: 'federated blank site',
    value: '{"source_site":"  ","post_uuid_within_site":"1","post_text":"x"}',
    reason: 'missing_key',
  },
  {
    name: 'federated 65-char site',
    value: `{"source_site":"${'s'.repeat(65)}","post_uuid_within_site":"1","post_text":"x"}`,
    reason: 'missing_key',
  },
  {
    name: 'federated 256-char id',
    value: `{"source_site":"g58","post_uuid_within_site":"${'i'.repeat(256)}","post_text":"x"}`,
    reason: 'missing_key',
  },
  {
    name: 'federated id with NUL',
    value:
      '{"source_site":"g58","post_uuid_within_site":"7\\u00007","post_text":"x"}',
    reason: 'missing_key',
  },
  {
    name: 'federated fraction id',
    value: '{"source_site":"g58","post_uuid_within_site":77.0,"post_text":"x"}',
    reason: 'missing_key',
  },
  {
    name: 'federated exponent id',
    value: '{"source_site":"g58","post_uuid_within_site":7e1,"post_text":"x"}',
    reason: 'missing_key',
  },
  {
    name: 'federated boolean id',
    value: '{"source_site":"g58","post_uuid_within_site":true,"post_text":"x"}',
    reason: 'missing_key',
  },
  {
    name: 'reserved bluesky site',
    value:
      '{"source_site":"bluesky","post_uuid_within_site":"1","post_text":"x"}',
    reason: 'reserved_site_id',
  },
  {
    name: 'missing key before reserved site',
    value: '{"source_site":"twitter","post_text":"x"}',
    reason: 'missing_key',
  },
  {
    name: 'duplicate JSON keys: the last wins',
    value:
      '{"source_site":"g58","source_site":"tidepool","post_uuid_within_site":"1"}',
  },
  {
    name: 'type post in post_json',
    value:
      '{"post_json":{"type":"post","source_site":"g58","post_uuid_within_site":"1","post_text":"x"}}',
    post: { originalPostId: '1' },
  },
  {
    name: 'non-string type',
    value: `${F},"type":1,"post_text":"x"}`,
    reason: 'unsupported_event_type',
  },
  {
    name: 'null type',
    value: `${F},"type":null,"post_text":"x"}`,
    reason: 'unsupported_event_type',
  },
  {
    name: 'array post_json on a Bluesky topic',
    value: '{"post_json":[]}',
    topic: 'Bluesky-Kafka',
    reason: 'invalid_field',
  },
  {
    name: 'federated shape on an unpinned topic',
    value: `${F},"post_text":"x"}`,
    topic: 'other',
    post: { family: 'federated' },
  },
  {
    name: 'Bluesky shape on an unpinned topic',
    value: `${B}}`,
    topic: 'other',
    post: { family: 'bluesky' },
  },
  {
    name: 'empty attach string',
    value: `${F},"post_text":"x","attach":""}`,
    post: { imageUrl: null },
  },
  {
    name: 'number attach',
    value: `${F},"post_text":"x","attach":5}`,
    post: { imageUrl: null },
  },
  {
    name: 'object attach without image or url',
    value: `${F},"post_text":"x","attach":{"alt":"a"}}`,
    post: { imageUrl: null },
  },
  {
    name: '<img> without src',
    value: `${F},"post_text":"x","attach":"<img alt=a>"}`,
    post: { imageUrl: null },
    notes: ['attach_ignored'],
  },
  {
    name: 'bad attach.image, no url fallback',
    value: `${F},"post_text":"x","attach":{"image":"ftp://h/a","url":"https://h.example/a"}}`,
    post: { imageUrl: null },
    notes: ['attach_ignored'],
  },
  {
    name: 'NUL in the author name',
    value: `${F},"username":"l\\u0000in","post_text":"x"}`,
    post: { authorName: 'lin' },
    notes: ['nul_stripped'],
  },
  {
    name: 'Bluesky uri not at://',
    value: '{"uri":"https://bsky.app/x","text":"hi","author":{}}',
    topic: 'Bluesky-Kafka',
    reason: 'missing_key',
  },
  {
    name: 'Bluesky 513-char uri',
    value: `{"uri":"at://${'u'.repeat(508)}","text":"hi","author":{}}`,
    topic: 'Bluesky-Kafka',
    reason: 'missing_key',
  },
  {
    name: 'Bluesky without author',
    value: '{"uri":"at://did:plc:abc/p/1","text":"hi"}',
    topic: 'Bluesky-Kafka',
    reason: 'invalid_field',
  },
  {
    name: 'Bluesky text number',
    value: `${B},"text":1}`,
    topic: 'Bluesky-Kafka',
    reason: 'invalid_field',
  },
  {
    name: 'Bluesky embed string',
    value: `${B},"embed":"x"}`,
    topic: 'Bluesky-Kafka',
    reason: 'invalid_field',
  },
  {
    name: 'Bluesky created_at number',
    value: `${B},"created_at":1}`,
    topic: 'Bluesky-Kafka',
    reason: 'invalid_field',
  },
  {
    name: 'Bluesky impossible created_at',
    value: `${B},"created_at":"2025-02-30T00:00:00Z"}`,
    topic: 'Bluesky-Kafka',
    post: { createdAt: null },
  },
  {
    name: 'Bluesky created_at in year 10000 once in UTC',
    value: `${B},"created_at":"9999-12-31T23:59:59-14:00"}`,
    topic: 'Bluesky-Kafka',
    post: { createdAt: null },
  },
  {
    name: 'Bluesky author falls back to did',
    value: `${B}}`,
    topic: 'Bluesky-Kafka',
    post: { authorName: 'did:plc:abc' },
  },
  {
    name: 'Twitter negative id',
    value: '{"id":-5,"author_id":1,"text":"hi"}',
    topic: 'Twitter-Kafka',
    reason: 'missing_key',
  },
  {
    name: 'Twitter non-digit id',
    value: '{"id":"12a","author_id":1,"text":"hi"}',
    topic: 'Twitter-Kafka',
    reason: 'missing_key',
  },
  {
    name: 'Twitter trimmed string id',
    value: '{"id":" 0042 ","author_id":1,"text":"hi"}',
    topic: 'Twitter-Kafka',
    post: { originalPostId: '0042' },
  },
  {
    name: 'Twitter text number',
    value: `${T},"text":5}`,
    topic: 'Twitter-Kafka',
    reason: 'invalid_field',
  },
  {
    name: 'Twitter null text',
    value: `${T},"text":null}`,
    topic: 'Twitter-Kafka',
    reason: 'no_content',
  },
  {
    name: 'Twitter created_at string',
    value: `${T},"created_at":"2025-05-06T10:00:00Z"}`,
    topic: 'Twitter-Kafka',
    reason: 'invalid_field',
  },
  {
    name: 'Twitter created_at fraction',
    value: `${T},"created_at":1.5}`,
    topic: 'Twitter-Kafka',
    reason: 'invalid_field',
  },
  {
    name: 'Twitter created_at out of range',
    value: `${T},"created_at":8640000000000001}`,
    topic: 'Twitter-Kafka',
    reason: 'invalid_field',
  },
  {
    name: 'Twitter non-digit author_id',
    value: `${T},"author_id":"@lin"}`,
    topic: 'Twitter-Kafka',
    post: { authorName: 'unknown' },
  },
  {
    name: 'Twitter attach is not an image',
    value: `${T},"attach":"https://h.example/a.jpg"}`,
    topic: 'Twitter-Kafka',
    post: { imageUrl: null, contentType: 'text' },
  },
];

describe('decodeRecord family rules', () => {
  it.each(cases)('$name', (testCase) => {
    // Prepare
    const value = Buffer.from(testCase.value, 'utf8');
    const topic = testCase.topic ?? 'FederatedPosts';
    // Act
    const decision = decodeRecord(value, topic, settings);
    // Assert
    if (testCase.reason !== undefined) {
      expect(decision).toMatchObject({
        outcome: 'quarantined',
        reason: testCase.reason,
      });
    } else if (testCase.post === undefined) {
      expect(decision).toEqual({ outcome: 'skipped_own_site' });
    } else {
      expect(decision).toMatchObject({ outcome: 'post', post: testCase.post });
      if (decision.outcome === 'post') {
        expect(new Set(decision.notes)).toEqual(new Set(testCase.notes ?? []));
      }
    }
  });
});

describe('decodeRecord value bytes', () => {
  it.each([
    ['a BOM only', [0xef, 0xbb, 0xbf], 'invalid_json'],
    [
      'two BOMs',
      [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x7b, 0x7d],
      'invalid_json',
    ],
    ['an overlong slash', [0x22, 0xc0, 0xaf, 0x22], 'not_utf8'],
    ['a UTF-16BE BOM', [0xfe, 0xff, 0x00, 0x7b, 0x00, 0x7d], 'not_utf8'],
    ['JSON null', [0x6e, 0x75, 0x6c, 0x6c], 'not_an_object'],
  ])('quarantines %s', (_name, bytes, reason) => {
    // Prepare
    const value = Uint8Array.from(bytes);
    // Act
    const decision = decodeRecord(value, 'FederatedPosts', settings);
    // Assert
    expect(decision).toMatchObject({ outcome: 'quarantined', reason });
  });

  it('keeps details short and free of the post body', () => {
    // Prepare
    const body = 'secret body '.repeat(50);
    const value = Buffer.from(`{"type":"${body}","source_site":"g58"}`);
    // Act
    const decision = decodeRecord(value, 'FederatedPosts', settings);
    // Assert
    expect(decision.outcome).toBe('quarantined');
    if (decision.outcome === 'quarantined') {
      expect(decision.detail.length).toBeLessThan(120);
      expect(decision.detail).not.toContain(body);
    }
  });

  it('never throws on arbitrary bytes or cut-off samples', () => {
    // Prepare: a fixed linear congruential generator keeps the test repeatable.
    let seed = 42;
    const nextByte = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % 256;
    };
    const post = Buffer.from(`${F},"post_text":"x","attach":"<img src=x>"}`);
    const values = [
      ...Array.from({ length: 300 }, (_, i) =>
        Uint8Array.from({ length: i % 40 }, nextByte),
      ),
      ...Array.from({ length: post.length }, (_, i) => post.subarray(0, i)),
    ];
    // Act
    const decide = () =>
      values.map((value) => decodeRecord(value, 'FederatedPosts', settings));
    // Assert
    expect(decide).not.toThrow();
  });
});

describe('created_at bounds every engine can store', () => {
  it.each([
    ['year 10000', Date.UTC(10000, 0, 1)],
    ['year 999', Date.UTC(999, 11, 31)],
  ])('quarantines a Twitter created_at in %s', (_label, ms) => {
    // Prepare
    const value = `${T},"created_at":${ms}}`;
    // Act
    const decision = decodeRecord(
      Buffer.from(value),
      'Twitter-Kafka',
      settings,
    );
    // Assert
    expect(decision).toMatchObject({
      outcome: 'quarantined',
      reason: 'invalid_field',
    });
  });

  it('takes the ingest time for a Bluesky created_at before year 1000', () => {
    // Prepare
    const value = JSON.stringify({
      uri: 'at://did:plc:x/app.bsky.feed.post/1',
      text: 'old',
      created_at: '0999-12-31T00:00:00Z',
      author: { did: 'did:plc:x', handle: 'x.bsky.social' },
    });
    // Act
    const decision = decodeRecord(
      Buffer.from(value),
      'Bluesky-Kafka',
      settings,
    );
    // Assert
    expect(decision).toMatchObject({
      outcome: 'post',
      post: { createdAt: null },
    });
  });
});
