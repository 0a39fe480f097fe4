/** Decoder for Twitter-style posts (spec §2.3). */

import { quarantine, readId, readOptionalText } from './fields.js';
import { describeJsonType, JsonNumber, type JsonObject } from './json-value.js';
import type { DecodeSettings, FamilyResult } from './types.js';

// Dates reach ±8.64e15 ms around the epoch (ECMA-262 §21.4.1.22).
const MAX_EPOCH_MS = 8.64e15;
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
      `created_at must be epoch ms in the Date range, got ${describeJsonType(record.get('created_at'))}`,
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
  return Math.abs(ms) <= MAX_EPOCH_MS ? new Date(ms) : undefined;
}
