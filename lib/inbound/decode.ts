/**
 * The pure decoder for inbound Kafka record values: spec §3 applied in
 * order, with the first rule that applies deciding the outcome.
 */

import { decodeBluesky } from './bluesky.js';
import { finishPost } from './content.js';
import { decodeFederated } from './federated.js';
import { quarantine } from './fields.js';
import { parseJson } from './json.js';
import {
  describeJsonType,
  isJsonObject,
  type JsonObject,
} from './json-value.js';
import { checkEventType, detectShape, type Shape } from './shape.js';
import { decodeTwitter } from './twitter.js';
import type { Decision, DecodeSettings, FamilyResult } from './types.js';

export {
  DEFAULT_TOPIC_FAMILIES,
  parseTopicFamilies,
} from './topic-families.js';
export type {
  Decision,
  DecodeNote,
  DecodeSettings,
  Family,
  InboundPost,
  QuarantineReason,
} from './types.js';

// `fatal` rejects overlongs, surrogates (CESU-8) and cut sequences; the
// default `ignoreBOM: false` drops one leading BOM, as §3 rule 2 asks.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decide what one record value means; never throws. */
export function decodeRecord(
  value: Uint8Array | null,
  topic: string,
  settings: DecodeSettings,
): Decision {
  if (value === null || value.length === 0) {
    const what = value === null ? 'null (a tombstone)' : '0 bytes';
    return quarantine('empty_value', `value is ${what}`);
  }
  const text = decodeUtf8(value);
  if (text === null) {
    return quarantine(
      'not_utf8',
      `value (${value.length} bytes) is not strict UTF-8`,
    );
  }
  const parsed = parseJson(text);
  if (!parsed.ok) return quarantine('invalid_json', parsed.error);
  const record = parsed.value;
  if (!isJsonObject(record)) {
    return quarantine(
      'not_an_object',
      `JSON value is ${describeJsonType(record)}`,
    );
  }
  const shape = checkEventType(record) ?? detectShape(record);
  if (!('family' in shape)) return shape;
  const pinned = settings.topicFamilies.get(topic);
  if (pinned !== undefined && pinned !== shape.family) {
    return quarantine(
      'wrong_family_for_topic',
      `a ${shape.family} record on topic ${topic}, which is pinned to ${pinned}`,
    );
  }
  const result = decodeFamily(record, shape, settings);
  if (result.outcome !== 'extracted') return result;
  return finishPost(result.post, shape.family, settings);
}

function decodeUtf8(value: Uint8Array): string | null {
  try {
    return utf8.decode(value);
  } catch {
    return null;
  }
}

function decodeFamily(
  record: JsonObject,
  shape: Shape,
  settings: DecodeSettings,
): FamilyResult {
  switch (shape.family) {
    case 'federated':
      return decodeFederated(record, shape.fields, settings);
    case 'bluesky':
      return decodeBluesky(record, settings);
    case 'twitter':
      return decodeTwitter(record, settings);
  }
}
