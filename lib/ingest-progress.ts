import type { Counts } from './ingest-plan.js';
import { type PartitionState, partitionKey } from './kafka-offsets.js';
import type { RawRecord } from './kafka-records.js';

/** A run's progress after one written chunk: counts and positions so far. */
export interface IngestProgress {
  /** A copy of the run's counts, this chunk included. */
  readonly counts: Counts;
  /** Next offset to read per `topic:partition` that this run has written. */
  readonly positions: Readonly<Record<string, string>>;
}

/** Called by `runIngest` after each written chunk; must not throw. */
export type OnIngestProgress = (progress: IngestProgress) => void;

/** Move `positions` past the chunk's records (mutates and returns it); pure. */
export function advancePositions(
  positions: Record<string, string>,
  records: readonly RawRecord[],
): Record<string, string> {
  for (const r of records) {
    const key = partitionKey(r.topic, r.partition);
    const next = BigInt(r.offset) + 1n;
    const known = positions[key];
    if (known === undefined || BigInt(known) < next) {
      positions[key] = next.toString();
    }
  }
  return positions;
}

/**
 * Records still to read before the ends the partitions had at `start`,
 * given the positions reached since; pure.
 */
export function remainingLag(
  start: readonly PartitionState[],
  positions: Readonly<Record<string, string>>,
): bigint {
  let lag = 0n;
  for (const s of start) {
    const reached = positions[partitionKey(s.topic, s.partition)];
    const at =
      reached !== undefined && BigInt(reached) > s.position
        ? BigInt(reached)
        : s.position;
    if (s.highWatermark > at) lag += s.highWatermark - at;
  }
  return lag;
}
