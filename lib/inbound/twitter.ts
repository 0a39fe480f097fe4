/** Decoder for Twitter-style posts (spec §2.3). */

import { quarantine, readId, readOptionalText } from './fields.js';
import { describeJsonType, JsonNumber, type JsonObject } from './json-value.js';
import type { DecodeSettings, FamilyResult } from './types.js';

// Years 1000–9999: what both PostgreSQL (ISO text with a 4-digit year) and
// MySQL DATETIME store; a later or earlier time would fail the whole insert.
const MIN_EPOCH_MS = Date.UTC(1000, 0, 1);
const MAX_EPOCH_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const MAX_ID_CHARS = 255;

/** Decode a Twitter-style record; applies §3 rules 9–10 in order. */
export function decodeTwitter(
  record: JsonObject,
  settings: DecodeSettings,
): FamilyResult {
  const id = readId(record.get('id'), 'id', MAX_ID_CHARS, true);
  if (!id.ok) return quarantine('missing_key', id.problem);
  const rawText = readOptionalText(record, 'text');
  if (typeof rawText !== 'string') return rawText;
  const createdAt = readEpochMs(record);
  if (createdAt === undefined) {
    return quarantine(
      'invalid_field',
      `created_at must be epoch ms in years 1000–9999, got ${describeJsonType(record.get('created_at'))}`,
    );
  }
  const author = readId(
    record.get('author_id'),
    'author_id',
    MAX_ID_CHARS,
    true,
  );
  const post = {
    sourceSite: settings.twitterSiteId,
    originalPostId: id.id,
    authorName: author.ok ? author.id : 'unknown',
    rawText,
    // These posts are always text posts (§2.3): `urls` is a link.
    imageUrl: null,
    createdAt,
    notes: [],
  };
  return { outcome: 'extracted', post };
}

/** The `created_at` instant, null when absent, undefined when invalid. */
function readEpochMs(record: JsonObject): Date | null | undefined {
  const value = record.get('created_at');
  if (value === undefined || value === null) return null;
  if (!(value instanceof JsonNumber) || !value.isInteger) return undefined;
  const ms = Number(value.text);
  return ms >= MIN_EPOCH_MS && ms <= MAX_EPOCH_MS ? new Date(ms) : undefined;
}
