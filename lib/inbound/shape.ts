/** Event-type check and family detection (spec §2 and §3 rules 5–6). */

import { quarantine, quoteShort } from './fields.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json-value.js';
import type { Family, Quarantine } from './types.js';

const SUPPORTED_TYPES: ReadonlySet<JsonValue | undefined> = new Set([
  'post',
  'app.bsky.feed.post',
  'app.bsky.feed.defs#postView',
]);
const FLAT_KEYS = [
  'username',
  'source_site',
  'post_uuid_within_site',
  'post_text',
];

/** A detected family; `fields` holds the post fields (`post_json` if nested). */
export interface Shape {
  readonly family: Family;
  readonly fields: JsonObject;
}

/**
 * Rule 5: quarantine a record whose `type`, at the top level or in an object
 * `post_json`, is not a post type; otherwise null.
 */
export function checkEventType(record: JsonObject): Quarantine | null {
  const postJson = record.get('post_json');
  const nested = isJsonObject(postJson) ? postJson : undefined;
  for (const holder of [record, nested]) {
    if (holder === undefined || !holder.has('type')) continue;
    const type = holder.get('type');
    if (!SUPPORTED_TYPES.has(type)) {
      const shown =
        typeof type === 'string' ? quoteShort(type) : 'not a string';
      return quarantine(
        'unsupported_event_type',
        `type ${shown} is not a post event`,
      );
    }
  }
  return null;
}

/** Rule 6: detect the family by shape; the first match wins (§2). */
export function detectShape(record: JsonObject): Shape | Quarantine {
  if (record.has('post_json')) {
    const postJson = record.get('post_json');
    if (isJsonObject(postJson))
      return { family: 'federated', fields: postJson };
    return quarantine('invalid_field', 'post_json is not an object');
  }
  if (FLAT_KEYS.some((key) => record.has(key))) {
    return { family: 'federated', fields: record };
  }
  if (record.has('uri') || record.has('author')) {
    return { family: 'bluesky', fields: record };
  }
  if (record.has('author_id') || record.has('conversation_id')) {
    return { family: 'twitter', fields: record };
  }
  return quarantine(
    'unrecognised_shape',
    'no key identifies a federated, Bluesky or Twitter record',
  );
}
