/** Poison records for the fault suite, from the shared samples. */
import {
  type ExpectedEntry,
  NDJSON_SAMPLES,
  readExpectedEntries,
  readNdjsonRecords,
  readSpecialRecords,
} from '../../local/samples.js';
import type { Expectation, Planned } from './ledger.js';

/**
 * Values of the shared sample records that `expected.json` says a
 * federated-pinned topic quarantines, in file order.
 */
export function poisonValues(): Buffer[] {
  const expected = readExpectedEntries();
  const records = [
    ...readNdjsonRecords('federated-posts.ndjson', 'FederatedPosts'),
    ...readSpecialRecords(),
  ];
  return records.flatMap((r) => {
    const entry = expected.find((e) => e.file === r.file && e.line === r.line);
    const isPoison =
      entry?.outcome === 'quarantined' && r.topic === 'FederatedPosts';
    return isPoison && r.value ? [r.value] : [];
  });
}

/**
 * Every shared sample record of one sample topic, with the outcome
 * `expected.json` gives it, ready to produce to a topic pinned to its family.
 */
export function samplePlans(sampleTopic: string): Planned[] {
  const expected = readExpectedEntries();
  const records = [
    ...NDJSON_SAMPLES.flatMap((s) => readNdjsonRecords(s.file, s.topic)),
    ...readSpecialRecords(),
  ].filter((r) => r.topic === sampleTopic);
  return records.map((r) => {
    const e = expected.find((x) => x.file === r.file && x.line === r.line);
    if (!e) throw new Error(`no expectation for ${r.file}:${r.line}`);
    return { value: r.value, key: r.key, expect: toExpectation(e) };
  });
}

function toExpectation(e: ExpectedEntry): Expectation {
  if (e.outcome === 'quarantined') return { kind: 'quarantine' };
  if (e.outcome === 'skipped_own_site') return { kind: 'own_site' };
  if (!e.key) throw new Error(`${e.file}:${e.line} has no key`);
  return e.outcome === 'inserted'
    ? { kind: 'post', key: e.key }
    : { kind: 'duplicate', key: e.key };
}

/** Every quarantine reason the shared samples exercise. */
export function sampleReasons(): string[] {
  const reasons = readExpectedEntries().flatMap((e) =>
    e.outcome === 'quarantined' && e.reason ? [e.reason] : [],
  );
  return [...new Set(reasons)].sort();
}
