import type { Candidate, PublishDeps } from './publish-deliver.js';
import { dbOptions, deliver } from './publish-deliver.js';
import { type PublishResult, summarise } from './publish-result.js';
import { toCandidate } from './publish-rows.js';
import { listUnpublishedPosts } from './publish-store.js';

/** The answer of one sweep run: what it found and what became of each. */
export interface SweepResult extends PublishResult {
  readonly found: number;
}

/**
 * Find local posts never published (older than the minimum age, inside the
 * lookback window) and publish them; each is marked published only once
 * the broker acknowledged it, so a rerun finds only what is still missing.
 * @throws DatabaseError when the posts cannot be listed.
 */
export async function runSweep(deps: PublishDeps): Promise<SweepResult> {
  const { sweepMinAgeSeconds, sweepLookbackHours, sweepMaxPosts } =
    deps.settings;
  const rows = await listUnpublishedPosts(
    deps.db,
    {
      minAgeSeconds: sweepMinAgeSeconds,
      lookbackHours: sweepLookbackHours,
      maxPosts: sweepMaxPosts,
    },
    dbOptions(deps),
  );
  const candidates: Candidate[] = [];
  const invalid = rows.flatMap((row, i) => toCandidate(i, row, candidates));
  const sent = await deliver(candidates, deps);
  return {
    ...summarise(deps.topic, [...invalid, ...sent]),
    found: rows.length,
  };
}
