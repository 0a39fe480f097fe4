/** Decoder for Bluesky posts (spec §2.2). */

import {
  quarantine,
  readId,
  readObject,
  readOptionalText,
  readString,
} from './fields.js';
import { acceptImageUrl } from './image-url.js';
import { parseIsoInstant } from './iso-time.js';
import {
  describeJsonType,
  isJsonArray,
  isJsonObject,
  type JsonObject,
  type JsonValue,
} from './json-value.js';
import type { DecodeSettings, FamilyResult } from './types.js';

const MAX_URI_CHARS = 512;
const IMAGES_EMBED = 'app.bsky.embed.images';
const RECORD_WITH_MEDIA_EMBED = 'app.bsky.embed.recordWithMedia';
const CID = /^[a-z0-9]+$/;

/** Decode a Bluesky record; applies §3 rules 9–10 in order. */
export function decodeBluesky(
  record: JsonObject,
  settings: DecodeSettings,
): FamilyResult {
  const rawUri = record.get('uri');
  if (typeof rawUri !== 'string') {
    return quarantine('missing_key', `uri is ${describeJsonType(rawUri)}`);
  }
  const uri = readId(rawUri, 'uri', MAX_URI_CHARS);
  if (!uri.ok) return quarantine('missing_key', uri.problem);
  if (!uri.id.startsWith('at://')) {
    return quarantine('missing_key', 'uri does not start with at://');
  }
  const author = record.get('author');
  if (!isJsonObject(author)) {
    return invalid('author', 'an object', describeJsonType(author));
  }
  const rawText = readOptionalText(record, 'text');
  if (typeof rawText !== 'string') return rawText;
  const createdAt = record.get('created_at');
  if (
    createdAt !== undefined &&
    createdAt !== null &&
    typeof createdAt !== 'string'
  ) {
    return invalid('created_at', 'a string', describeJsonType(createdAt));
  }
  const embed = record.get('embed');
  if (embed !== undefined && embed !== null && !isJsonObject(embed)) {
    return invalid('embed', 'an object or null', describeJsonType(embed));
  }
  const post = {
    sourceSite: settings.blueskySiteId,
    originalPostId: uri.id,
    authorName: readAuthorName(author),
    rawText,
    imageUrl: buildImageUrl(embed, readString(author, 'did'), settings),
    // An unparsable time falls back to the ingest time, per §2.2; so does
    // one before year 1000, which MySQL DATETIME does not promise to store.
    createdAt:
      typeof createdAt === 'string' ? storableInstant(createdAt) : null,
    notes: [],
  };
  return { outcome: 'extracted', post };
}

function storableInstant(text: string): Date | null {
  const date = parseIsoInstant(text);
  // Years 1000–9999 are what PostgreSQL and MySQL both store as given; any
  // other falls back to the ingest time, like an unparsable one.
  const year = date?.getUTCFullYear() ?? 0;
  return date !== null && year >= 1000 && year <= 9999 ? date : null;
}

function invalid(name: string, wanted: string, got: string): FamilyResult {
  return quarantine('invalid_field', `${name} must be ${wanted}, got ${got}`);
}

/** Trimmed displayName, else handle, else did, else `unknown`. */
function readAuthorName(author: JsonObject): string {
  for (const name of ['displayName', 'handle', 'did']) {
    const value = readString(author, name)?.trim();
    if (value) return value;
  }
  return 'unknown';
}

/** The CDN URL of the first usable image, or null. */
function buildImageUrl(
  embed: JsonObject | null | undefined,
  did: string | undefined,
  settings: DecodeSettings,
): string | null {
  if (!isJsonObject(embed) || did === undefined || !did.startsWith('did:')) {
    return null;
  }
  const media =
    embedKind(embed) === RECORD_WITH_MEDIA_EMBED
      ? readObject(embed, 'media')
      : embed;
  if (media === undefined || embedKind(media) !== IMAGES_EMBED) return null;
  const cid = findFirstCid(media.get('images'));
  if (cid === null) return null;
  const url = `https://cdn.bsky.app/img/feed_fullsize/plain/${did}/${cid}@jpeg`;
  return acceptImageUrl(url, settings.maxImageUrlChars);
}

function embedKind(embed: JsonObject): string | undefined {
  return readString(embed, 'type') ?? readString(embed, '$type');
}

function findFirstCid(images: JsonValue | undefined): string | null {
  if (!isJsonArray(images)) return null;
  for (const entry of images) {
    const image = isJsonObject(entry) ? readObject(entry, 'image') : undefined;
    const ref = readObject(image, 'ref');
    for (const name of ['link', '$link']) {
      const cid = readString(ref, name);
      if (cid !== undefined && CID.test(cid)) return cid;
    }
  }
  return null;
}
