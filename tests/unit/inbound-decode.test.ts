import { createHash } from 'node:crypto';
import { type Decision, decodeRecord } from '../../lib/inbound/decode.js';
import {
  type ExpectedEntry,
  readAllSampleRecords,
  readExpectedEntries,
  type SampleRecord,
} from '../../local/samples.js';
import { specDecodeSettings } from '../helpers/decode-settings.js';

// Spec §5: SITE_ID=tidepool and the defaults.
const settings = specDecodeSettings();

const records = readAllSampleRecords();
const expectedEntries = readExpectedEntries();

/** Keys inserted by earlier records of the same file, per record index. */
function keysClaimedBefore(): Set<string>[] {
  const claimed = new Map<string, Set<string>>();
  return records.map((record) => {
    const fileKeys = claimed.get(record.file) ?? new Set<string>();
    claimed.set(record.file, fileKeys);
    const before = new Set(fileKeys);
    const decision = decodeRecord(record.value, record.topic, settings);
    if (decision.outcome === 'post') fileKeys.add(keyOf(decision));
    return before;
  });
}

function keyOf(decision: Extract<Decision, { outcome: 'post' }>): string {
  return JSON.stringify([
    decision.post.sourceSite,
    decision.post.originalPostId,
  ]);
}

/** The outcome the database would give, from the keys claimed so far. */
function outcomeOf(decision: Decision, claimed: ReadonlySet<string>): string {
  if (decision.outcome !== 'post') return decision.outcome;
  return claimed.has(keyOf(decision)) ? 'duplicate' : 'inserted';
}

const claimedBefore = keysClaimedBefore();
const cases = expectedEntries.map((entry, index) => ({
  name: `${entry.file}:${entry.line} ${entry.about}`,
  entry,
  index,
}));

describe('decodeRecord on the shared samples', () => {
  it('has one expected entry per sample record, in the same order', () => {
    // Prepare
    const recordIds = records.map((r: SampleRecord) => `${r.file}:${r.line}`);
    // Act
    const entryIds = expectedEntries.map((e) => `${e.file}:${e.line}`);
    // Assert
    expect(records).toHaveLength(92);
    expect(entryIds).toEqual(recordIds);
  });

  it.each(cases)('$name', ({ entry, index }) => {
    // Prepare
    const record = records[index];
    const claimed = claimedBefore[index];
    if (record === undefined || claimed === undefined) {
      throw new Error(`no sample record for ${entry.file}:${entry.line}`);
    }
    // Act
    const decision = decodeRecord(record.value, record.topic, settings);
    // Assert
    expect(record.topic).toBe(entry.topic);
    expect(outcomeOf(decision, claimed)).toBe(entry.outcome);
    if (decision.outcome === 'quarantined') {
      expect(decision.reason).toBe(entry.reason);
      expect(decision.detail.length).toBeLessThan(200);
    }
    if (decision.outcome === 'post') {
      expect([decision.post.sourceSite, decision.post.originalPostId]).toEqual(
        entry.key,
      );
    }
    if (entry.outcome === 'inserted' && decision.outcome === 'post') {
      expectStoredFields(decision, entry);
    }
  });

  it('matches the per-outcome counts of the samples README', () => {
    // Prepare
    const counts = new Map<string, number>();
    // Act
    records.forEach((record, index) => {
      const decision = decodeRecord(record.value, record.topic, settings);
      const outcome = outcomeOf(decision, claimedBefore[index] ?? new Set());
      counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
    });
    // Assert
    expect(Object.fromEntries(counts)).toEqual({
      inserted: 54,
      duplicate: 4,
      skipped_own_site: 2,
      quarantined: 32,
    });
  });
});

function expectStoredFields(
  decision: Extract<Decision, { outcome: 'post' }>,
  entry: ExpectedEntry,
): void {
  const { post } = decision;
  expect(post.authorName).toBe(entry.author_name);
  expect(post.contentType).toBe(entry.content_type);
  expect(post.imageUrl).toBe(entry.image_url);
  expect(post.createdAt?.toISOString() ?? null).toBe(entry.created_at);
  expect(Array.from(post.text)).toHaveLength(entry.text_code_points ?? -1);
  const sha256 = createHash('sha256').update(post.text, 'utf8').digest('hex');
  expect(sha256).toBe(entry.text_sha256);
  if (entry.text !== undefined) expect(post.text).toBe(entry.text);
  expect(new Set(decision.notes)).toEqual(new Set(entry.notes ?? []));
}
