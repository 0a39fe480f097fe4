/** Decoder for federated posts, flat and nested (spec §2.1). */

import { chooseAttachImage } from './attach.js';
import { quarantine, quoteShort, readId, readOptionalText } from './fields.js';
import { describeJsonType, JsonNumber, type JsonObject } from './json-value.js';
import type {
  DecodeNote,
  DecodeSettings,
  FamilyResult,
  Quarantine,
} from './types.js';

const MAX_SITE_CHARS = 64;
const MAX_POST_ID_CHARS = 255;

/**
 * Decode a federated record: `fields` is the record itself (flat) or its
 * `post_json` object (nested). Applies §3 rules 8–10 in order.
 */
export function decodeFederated(
  record: JsonObject,
  fields: JsonObject,
  settings: DecodeSettings,
): FamilyResult {
  const rawSite = fields.get('source_site');
  const site = typeof rawSite === 'string' ? rawSite.trim() : undefined;
  if (site === settings.siteId) return { outcome: 'skipped_own_site' };
  if (typeof rawSite !== 'string') {
    return quarantine(
      'missing_key',
      `source_site is ${describeJsonType(rawSite)}`,
    );
  }
  const siteRead = readId(rawSite, 'source_site', MAX_SITE_CHARS);
  if (!siteRead.ok) return quarantine('missing_key', siteRead.problem);
  const idRead = readId(
    fields.get('post_uuid_within_site'),
    'post_uuid_within_site',
    MAX_POST_ID_CHARS,
  );
  if (!idRead.ok) return quarantine('missing_key', idRead.problem);
  const sourceSite = siteRead.id;
  if (
    sourceSite === settings.blueskySiteId ||
    sourceSite === settings.twitterSiteId
  ) {
    return quarantine(
      'reserved_site_id',
      `source_site ${quoteShort(sourceSite)} is reserved for another family`,
    );
  }
  const rawText = readOptionalText(fields, 'post_text');
  if (typeof rawText !== 'string') return rawText;
  const authorName = readUsername(fields);
  if (typeof authorName !== 'string') return authorName;
  const attaches = [record.get('attach')];
  if (fields !== record) attaches.push(fields.get('attach'));
  const image = chooseAttachImage(attaches, settings.maxImageUrlChars);
  const notes: DecodeNote[] = image.isAnyIgnored ? ['attach_ignored'] : [];
  const post = {
    sourceSite,
    originalPostId: idRead.id,
    authorName,
    rawText,
    imageUrl: image.imageUrl,
    createdAt: null,
    notes,
  };
  return { outcome: 'extracted', post };
}

/** `username`: string or integer; missing, null or blank → `unknown`. */
function readUsername(fields: JsonObject): string | Quarantine {
  const value = fields.get('username');
  if (value === undefined || value === null) return 'unknown';
  if (typeof value === 'string') return value.trim() || 'unknown';
  if (value instanceof JsonNumber && value.isInteger) return value.text;
  return quarantine(
    'invalid_field',
    `username must be a string or an integer, got ${describeJsonType(value)}`,
  );
}
