/** The TOPIC_FAMILIES setting: topics pinned to a family (spec table). */

import type { Family } from './types.js';

/** The default TOPIC_FAMILIES text. */
export const DEFAULT_TOPIC_FAMILIES =
  'FederatedPosts=federated,Bluesky-Kafka=bluesky,Twitter-Kafka=twitter';

const FAMILIES: readonly Family[] = ['federated', 'bluesky', 'twitter'];
// Kafka topic names: 1–249 of [a-zA-Z0-9._-] (Kafka's Topic.validate).
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

function isFamily(text: string): text is Family {
  return FAMILIES.some((family) => family === text);
}

/**
 * Parse `topic=family,topic=family`; blank text pins no topic.
 * @throws Error naming every bad entry (the config module wraps it).
 */
export function parseTopicFamilies(text: string): Map<string, Family> {
  const pins = new Map<string, Family>();
  const problems: string[] = [];
  const entries = text.trim() === '' ? [] : text.split(',');
  entries.forEach((entry, index) => {
    const where = `entry ${index + 1} (${JSON.stringify(entry.trim())})`;
    const parts = entry.split('=');
    const topic = parts[0]?.trim() ?? '';
    const family = parts[1]?.trim() ?? '';
    if (parts.length !== 2) {
      problems.push(`${where} is not topic=family`);
    } else if (!TOPIC_NAME.test(topic)) {
      problems.push(`${where} has an invalid Kafka topic name`);
    } else if (!isFamily(family)) {
      problems.push(`${where}: family must be one of ${FAMILIES.join(', ')}`);
    } else if (pins.has(topic)) {
      problems.push(`${where} pins topic ${topic} a second time`);
    } else {
      pins.set(topic, family);
    }
  });
  if (problems.length > 0) {
    throw new Error(`Invalid topic families: ${problems.join('; ')}`);
  }
  return pins;
}
