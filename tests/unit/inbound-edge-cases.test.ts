import { decodeRecord } from '../../lib/inbound/decode.js';
import { specDecodeSettings } from '../helpers/decode-settings.js';

// Spec §5: SITE_ID=tidepool and the defaults.
const settings = specDecodeSettings();

const FED = 'FederatedPosts';
const BSKY = 'Bluesky-Kafka';
const TW = 'Twitter-Kafka';
const F = {
  username: 'lin',
  source_site: 'g58',
  post_uuid_within_site: '77',
  post_text: 'hi',
  content_type: 'text/plain',
};
const f = (changes: Record<string, unknown>) =>
  JSON.stringify({ ...F, ...changes });
const nested = (postJson: Record<string, unknown>, attach?: unknown) =>
  JSON.stringify({ post_json: { ...F, ...postJson }, attach });
const { post_text: _dropped, ...fWithoutText } = F;
const B1 =
  '{"uri":"at://did:plc:zcal5a3v5a4aavsli6vyuzyz/app.bsky.feed.post/3luornuk6jswq","text":"first frost ❄️","created_at":"2025-03-18T07:42:11.204Z","author":{"did":"did:plc:zcal5a3v5a4aavsli6vyuzyz","handle":"wren-allot.bsky.social","displayName":"Wren","viewer":{"muted":false}},"embed":null,"reply":null}';
const B1_URI =
  'at://did:plc:zcal5a3v5a4aavsli6vyuzyz/app.bsky.feed.post/3luornuk6jswq';
const B2 =
  '{"uri":"at://did:plc:czgrkt4gfawykccwtdftgkkn/app.bsky.feed.post/3lotfzyivha25","text":"","created_at":"2025-04-02T19:05:00.000Z","author":{"did":"did:plc:czgrkt4gfawykccwtdftgkkn","handle":"kestrelcam.bsky.social"},"embed":{"type":"app.bsky.embed.images","images":[{"image":{"type":"blob","ref":{"link":"bafkreij4eeg37dv7iwmprjsweqopxa3r7mwfle7zw3bbtfcm7ayehb75eg"},"mimeType":"image/jpeg","size":211873},"alt":"kestrel"}]}}';
const B2_URI =
  'at://did:plc:czgrkt4gfawykccwtdftgkkn/app.bsky.feed.post/3lotfzyivha25';
const B2_IMAGE =
  'https://cdn.bsky.app/img/feed_fullsize/plain/did:plc:czgrkt4gfawykccwtdftgkkn/bafkreij4eeg37dv7iwmprjsweqopxa3r7mwfle7zw3bbtfcm7ayehb75eg@jpeg';
const T1 =
  '{"id":1856065657185403746,"conversation_id":1856065657185403746,"author_id":60418273,"text":"Ferry timetable changes Monday https://t.co/Qx81mZ","created_at":1731492611000,"hashtags":["commute"],"mentions":[],"urls":"https://ferries.example/notice?ref=tw","likes":3}';
const T1_ID = '1856065657185403746';
const longUrl = `https://h.example/${'a'.repeat(2049 - 'https://h.example/'.length)}`;
const text10001 = '🌊'.repeat(10001);

interface Row {
  readonly row: string;
  readonly value: string | Uint8Array | null;
  readonly topic: string;
  readonly overflow?: 'reject' | 'truncate';
  readonly reason?: string;
  readonly outcome?: 'skipped_own_site';
  readonly key?: readonly [string, string];
  readonly post?: Readonly<Record<string, unknown>>;
  readonly notes?: readonly string[];
}

const rows: readonly Row[] = [
  { row: '1 F', value: f({}), topic: FED, key: ['g58', '77'] },
  // Rows 2, 3 and 33 are duplicates: the decoder gives the same key again.
  { row: '2 F again', value: f({}), topic: FED, key: ['g58', '77'] },
  {
    row: '3 F with id 77 as a number',
    value: f({ post_uuid_within_site: 77 }),
    topic: FED,
    key: ['g58', '77'],
  },
  {
    row: '4 F from quokka',
    value: f({ source_site: 'quokka' }),
    topic: FED,
    key: ['quokka', '77'],
  },
  {
    row: '5 nested, attach {image}, empty text',
    value: nested({ post_text: '' }, { image: 'https://h.example/a.jpg' }),
    topic: FED,
    key: ['g58', '77'],
    post: {
      contentType: 'image',
      imageUrl: 'https://h.example/a.jpg',
      text: '',
    },
  },
  {
    row: '6 nested, post_json.attach {url, content_type}',
    value: nested({
      attach: { url: 'https://h.example/b.webp', content_type: 'image/webp' },
    }),
    topic: FED,
    key: ['g58', '77'],
    post: { contentType: 'image', imageUrl: 'https://h.example/b.webp' },
  },
  {
    row: '7 upper-case <IMG SRC>',
    value: f({ attach: '<IMG SRC="https://h.example/c.gif">', post_text: '' }),
    topic: FED,
    key: ['g58', '77'],
    post: { contentType: 'image', imageUrl: 'https://h.example/c.gif' },
  },
  {
    row: '8 <img> with a javascript: src',
    value: f({ attach: '<img src="javascript:x()">' }),
    topic: FED,
    key: ['g58', '77'],
    post: { contentType: 'text', imageUrl: null },
    notes: ['attach_ignored'],
  },
  {
    row: '9 image/jpeg content type, attach null',
    value: f({ content_type: 'image/jpeg', attach: null }),
    topic: FED,
    key: ['g58', '77'],
    post: { contentType: 'text', imageUrl: null },
  },
  {
    row: '10 ftp attach, empty text',
    value: f({ attach: 'ftp://h.example/d.jpg', post_text: '' }),
    topic: FED,
    reason: 'no_content',
  },
  {
    row: '11 no post_text key, https attach',
    value: JSON.stringify({
      ...fWithoutText,
      attach: 'https://h.example/e.jpg',
    }),
    topic: FED,
    key: ['g58', '77'],
    post: {
      contentType: 'image',
      text: '',
      imageUrl: 'https://h.example/e.jpg',
    },
  },
  {
    row: '12 own site',
    value: f({ source_site: 'tidepool' }),
    topic: FED,
    outcome: 'skipped_own_site',
  },
  {
    row: '13 own site with a null id',
    value: f({ source_site: 'tidepool', post_uuid_within_site: null }),
    topic: FED,
    outcome: 'skipped_own_site',
  },
  {
    row: '14 Tidepool is not tidepool',
    value: f({ source_site: 'Tidepool' }),
    topic: FED,
    key: ['Tidepool', '77'],
  },
  {
    row: '15 null id',
    value: f({ post_uuid_within_site: null }),
    topic: FED,
    reason: 'missing_key',
  },
  {
    row: '16 misspelled keys',
    value: '{"usrname":"a","source_sit":"g58","post_uuid":"9","post_text":"x"}',
    topic: FED,
    reason: 'missing_key',
  },
  {
    row: '17 reserved site twitter',
    value: f({ source_site: 'twitter' }),
    topic: FED,
    reason: 'reserved_site_id',
  },
  {
    row: '18 type comment',
    value:
      '{"type":"comment","source_site":"g58","post_uuid_within_site":"77","text":"nice"}',
    topic: FED,
    reason: 'unsupported_event_type',
  },
  { row: '19 null value', value: null, topic: FED, reason: 'empty_value' },
  {
    row: '20 JPEG header bytes',
    value: Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    topic: FED,
    reason: 'not_utf8',
  },
  {
    row: '21 raw [object Object]',
    value: '[object Object]',
    topic: FED,
    reason: 'invalid_json',
  },
  {
    row: '22 a JSON string',
    value: '"[object Object]"',
    topic: FED,
    reason: 'not_an_object',
  },
  {
    row: '23 {"hello":"world"}',
    value: '{"hello":"world"}',
    topic: FED,
    reason: 'unrecognised_shape',
  },
  {
    row: '24 F on Bluesky-Kafka',
    value: f({}),
    topic: BSKY,
    reason: 'wrong_family_for_topic',
  },
  {
    row: '25 B1 on FederatedPosts',
    value: B1,
    topic: FED,
    reason: 'wrong_family_for_topic',
  },
  {
    row: '26 post_text 42',
    value: f({ post_text: 42 }),
    topic: FED,
    reason: 'invalid_field',
  },
  {
    row: '27 B1',
    value: B1,
    topic: BSKY,
    key: ['bluesky', B1_URI],
    post: {
      authorName: 'Wren',
      createdAt: new Date('2025-03-18T07:42:11.204Z'),
      text: 'first frost ❄️',
    },
  },
  {
    row: '27 B1 without displayName',
    value: B1.replace('"displayName":"Wren",', ''),
    topic: BSKY,
    key: ['bluesky', B1_URI],
    post: { authorName: 'wren-allot.bsky.social' },
  },
  {
    row: '28 B2 with $type and ref.$link',
    value: B2.replace('{"type":"app.bsky', '{"$type":"app.bsky').replace(
      '"ref":{"link"',
      '"ref":{"$link"',
    ),
    topic: BSKY,
    key: ['bluesky', B2_URI],
    post: { contentType: 'image', imageUrl: B2_IMAGE },
  },
  {
    row: '29 Bluesky, empty text, video embed',
    value: B2.replace(
      '"type":"app.bsky.embed.images"',
      '"type":"app.bsky.embed.video"',
    ),
    topic: BSKY,
    reason: 'no_content',
  },
  {
    row: '30 Bluesky with author, no uri',
    value: B1.replace(`"uri":"${B1_URI}",`, ''),
    topic: BSKY,
    reason: 'missing_key',
  },
  {
    row: '31 B2 without author.did',
    value: B2.replace('"did":"did:plc:czgrkt4gfawykccwtdftgkkn",', ''),
    topic: BSKY,
    reason: 'no_content',
  },
  {
    row: '32 T1',
    value: T1,
    topic: TW,
    key: ['twitter', T1_ID],
    post: {
      authorName: '60418273',
      contentType: 'text',
      createdAt: new Date(1731492611000),
    },
  },
  {
    row: '32 T1 with id ...747',
    value: T1.replace(`"id":${T1_ID}`, '"id":1856065657185403747'),
    topic: TW,
    key: ['twitter', '1856065657185403747'],
  },
  {
    row: '33 T1 with a digit-string id',
    value: T1.replace(`"id":${T1_ID}`, `"id":"${T1_ID}"`),
    topic: TW,
    key: ['twitter', T1_ID],
  },
  {
    row: '34 Twitter, id null',
    value: T1.replace(`"id":${T1_ID}`, '"id":null'),
    topic: TW,
    reason: 'missing_key',
  },
  {
    row: '35 text a\\u0000b',
    value: f({ post_text: 'a\u0000b' }),
    topic: FED,
    key: ['g58', '77'],
    post: { text: 'ab' },
    notes: ['nul_stripped'],
  },
  {
    row: '36 text \\u0000, no image',
    value: f({ post_text: '\u0000' }),
    topic: FED,
    reason: 'no_content',
  },
  {
    row: '37 RTL, quotes, ZWJ emoji and SQL kept verbatim',
    value: f({ post_text: 'שלום "q" 👩‍👩‍👧 O\'Neil\'); DROP TABLE posts;--' }),
    topic: FED,
    key: ['g58', '77'],
    post: { text: 'שלום "q" 👩‍👩‍👧 O\'Neil\'); DROP TABLE posts;--' },
  },
  {
    row: '38 text of 10,001 code points',
    value: f({ post_text: text10001 }),
    topic: FED,
    reason: 'text_too_long',
  },
  {
    row: '39 row 38 with TEXT_OVERFLOW=truncate',
    value: f({ post_text: text10001 }),
    topic: FED,
    overflow: 'truncate',
    key: ['g58', '77'],
    post: { text: '🌊'.repeat(10000) },
    notes: ['text_truncated'],
  },
  {
    row: '40 https attach of 2,049 chars',
    value: f({ attach: longUrl, post_text: 'x' }),
    topic: FED,
    key: ['g58', '77'],
    post: { contentType: 'text', imageUrl: null },
    notes: ['attach_ignored'],
  },
];

describe('decodeRecord on the spec §5 edge cases', () => {
  it.each(rows)('row $row', (row) => {
    // Prepare
    const value =
      typeof row.value === 'string'
        ? Buffer.from(row.value, 'utf8')
        : row.value;
    const rowSettings = { ...settings, textOverflow: row.overflow ?? 'reject' };
    // Act
    const decision = decodeRecord(value, row.topic, rowSettings);
    // Assert
    if (row.reason !== undefined) {
      expect(decision).toMatchObject({
        outcome: 'quarantined',
        reason: row.reason,
      });
    } else if (row.outcome !== undefined) {
      expect(decision).toEqual({ outcome: row.outcome });
    } else {
      expect(decision.outcome).toBe('post');
      if (decision.outcome !== 'post') return;
      const { sourceSite, originalPostId } = decision.post;
      expect([sourceSite, originalPostId]).toEqual(row.key);
      expect(decision.post).toMatchObject(row.post ?? {});
      expect(new Set(decision.notes)).toEqual(new Set(row.notes ?? []));
    }
  });
});
