import type { Message } from 'kafkajs';
import { PostValidationError } from './errors.js';
import { acceptImageUrl } from './inbound/image-url.js';

/** A locally written post, validated, ready to publish. */
export interface Post {
  readonly postId: string;
  readonly username: string;
  readonly text: string;
  readonly imageUrl: string | null;
}

/** The outbound record value (specs/message-formats.md §1), field order fixed. */
export interface OutboundValue {
  readonly username: string;
  readonly source_site: string;
  readonly post_uuid_within_site: string;
  readonly post_text: string;
  readonly content_type: 'text' | 'image';
  readonly attach?: string;
}

/** Longest accepted image URL on the way out, as on the way in. */
export const MAX_OUTBOUND_IMAGE_URL_CHARS = 2048;

const fieldOf = (input: object, key: string): unknown =>
  Reflect.get(input, key);

/** The largest BIGINT, the type of the database's row ids. */
export const MAX_BIGINT = 9223372036854775807n;

/**
 * A non-negative BIGINT id typed as digits, in canonical decimal (no leading
 * zeros, so "0042" names the same row as 42); undefined when it is not one.
 * Pure.
 */
export function canonicalBigintId(text: string): string | undefined {
  const digits = text.trim();
  if (!/^\d{1,19}$/.test(digits) || BigInt(digits) > MAX_BIGINT)
    return undefined;
  return BigInt(digits).toString();
}

function readPostId(value: unknown, issues: string[]): string {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
    return String(value);
  }
  const id = typeof value === 'string' ? canonicalBigintId(value) : undefined;
  if (id !== undefined) return id;
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) {
    // JSON.parse has already rounded it: the id we would send is not theirs.
    issues.push(
      'post_id is above 9007199254740991, which a JSON number cannot hold ' +
        'exactly: send it as a digit string ("post_id": "…")',
    );
    return '';
  }
  issues.push(
    'post_id must be a whole number from 0 to 9223372036854775807 ' +
      '(a number or a digit string)',
  );
  return '';
}

function readText(input: object, issues: string[]): string {
  const value = fieldOf(input, 'post_text') ?? fieldOf(input, 'caption');
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  issues.push('post_text (or caption) must be a string');
  return '';
}

function readImage(input: object, issues: string[]): string | null {
  const value = fieldOf(input, 'image_url');
  const contentType = fieldOf(input, 'content_type');
  if (
    contentType !== undefined &&
    contentType !== 'text' &&
    contentType !== 'image'
  ) {
    issues.push('content_type must be "text" or "image"');
  }
  if (value === undefined || value === null || value === '') {
    if (contentType === 'image')
      issues.push('content_type "image" needs an image_url');
    return null;
  }
  const url =
    typeof value === 'string'
      ? acceptImageUrl(value, MAX_OUTBOUND_IMAGE_URL_CHARS)
      : null;
  if (url === null) {
    issues.push(
      'image_url must be an absolute http(s) URL of at most 2048 characters',
    );
  }
  return url;
}

/**
 * Validate a post sent by the app backend:
 * `{post_id, username, post_text | caption, content_type?, image_url?}`.
 * Identity fields such as `source_site` are ignored: the site id comes from
 * config. @throws PostValidationError listing every issue.
 */
export function parsePost(input: unknown): Post {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new PostValidationError(['a post must be a JSON object']);
  }
  const issues: string[] = [];
  const postId = readPostId(fieldOf(input, 'post_id'), issues);
  const username = fieldOf(input, 'username');
  if (typeof username !== 'string' || username.trim() === '') {
    issues.push('username must be a non-empty string');
  }
  const text = readText(input, issues);
  const imageUrl = readImage(input, issues);
  if (issues.length > 0) throw new PostValidationError(issues);
  return { postId, username: String(username).trim(), text, imageUrl };
}

/** The record for a post: key = post id, UTF-8 JSON value, content-type header. */
export function toKafkaMessage(post: Post, siteId: string): Message {
  const value: OutboundValue = {
    username: post.username,
    source_site: siteId,
    post_uuid_within_site: post.postId,
    post_text: post.text,
    content_type: post.imageUrl === null ? 'text' : 'image',
    ...(post.imageUrl !== null && { attach: post.imageUrl }),
  };
  return {
    key: Buffer.from(post.postId, 'utf8'),
    value: Buffer.from(JSON.stringify(value), 'utf8'),
    headers: { 'content-type': 'application/json' },
  };
}

/**
 * Read one of our own outbound records back (the inverse of toKafkaMessage).
 * @throws PostValidationError when the value is not in the outbound format.
 */
export function fromKafkaRecord(message: Pick<Message, 'value'>): {
  post: Post;
  sourceSite: string;
} {
  const raw = message.value;
  const text = typeof raw === 'string' ? raw : (raw?.toString('utf8') ?? '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new PostValidationError(['value is not JSON']);
  }
  if (typeof parsed !== 'object' || parsed === null) {
    throw new PostValidationError(['value is not a JSON object']);
  }
  const site = fieldOf(parsed, 'source_site');
  const post = parsePost({
    post_id: fieldOf(parsed, 'post_uuid_within_site'),
    username: fieldOf(parsed, 'username'),
    post_text: fieldOf(parsed, 'post_text'),
    content_type: fieldOf(parsed, 'content_type'),
    image_url: fieldOf(parsed, 'attach'),
  });
  if (typeof site !== 'string' || site === '') {
    throw new PostValidationError(['source_site must be a non-empty string']);
  }
  return { post, sourceSite: site };
}
