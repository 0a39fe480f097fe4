import type { TestEmulator } from '../helpers/data-api-server.js';
import {
  faultSeed,
  type ProcessOutcome,
  startIngestProcess,
} from '../helpers/ingest-process.js';
import { waitFor } from '../helpers/wait-for.js';
import {
  committedOffsets,
  createTopic,
  faultDatabase,
  faultKafka,
  ingestEnv,
  setFaults,
  startFaultBroker,
  startFaultEmulator,
  stopFaultBroker,
} from './fault-stack.js';
import {
  measure,
  planRecords,
  produceTracked,
  report,
  say,
  seededRandom,
} from './ledger.js';
import { poisonValues, samplePlans, sampleReasons } from './poison.js';

const kafka = faultKafka();
const seed = faultSeed();
let emulator: TestEmulator;
beforeAll(async () => {
  emulator = await startFaultEmulator();
});
afterAll(() => emulator.close());
afterEach(() => setFaults(emulator.url, 'clear'));

/** A topic, a database and records for one scenario. */
async function scenario(purpose: string, records: number, partitions: number) {
  const random = seededRandom(seed + purpose.length);
  const topic = `faults-${purpose}-${seed}-${Date.now()}`;
  await createTopic(kafka, topic, partitions);
  const { name, db } = await faultDatabase(emulator.url, purpose, 20);
  const planned = planRecords(records, random, poisonValues(), purpose);
  const produced = await produceTracked(kafka, topic, partitions, planned);
  const groupId = `${purpose}-${seed}-${Date.now()}`;
  const env = (extra: Record<string, string> = {}) =>
    ingestEnv(emulator.url, name, [topic], groupId, {
      TOPIC_FAMILIES: `${topic}=federated`,
      ...extra,
    });
  const committed = async () => {
    const offsets = await committedOffsets(kafka, groupId, [topic]);
    return [...offsets.values()].reduce((a, o) => a + (o > 0n ? o : 0n), 0n);
  };
  return { topic, db, dbName: name, produced, env, committed, groupId };
}

describe('ingest under faults', () => {
  it('survives the broker being stopped and restarted mid-run', async () => {
    // Prepare
    const s = await scenario('broker', 6000, 2);
    const env = s.env({ INGEST_MAX_BATCH_ROWS: '50' });
    // Act
    const run = startIngestProcess(env);
    await waitFor(async () => (await s.committed()) > 0n, 60_000);
    await stopFaultBroker();
    const during = await run.ended;
    await startFaultBroker();
    // The next scheduled runs: a run right after the restart may still
    // fail fast while partitions get their leaders back; it commits nothing.
    const after: ProcessOutcome[] = [];
    while (after.length < 3 && after.at(-1)?.output?.endReason !== 'drained')
      after.push(await startIngestProcess(env).ended);
    const clean = after.at(-1);
    const figures = await measure(s.db, s.produced);
    report('broker-restart', seed, figures);
    say(
      `[faults] broker-restart interrupted run: code=${during.code} ` +
        `${JSON.stringify(during.output)} (${during.ms} ms); runs after the ` +
        `restart: ${after.map((o) => JSON.stringify(o.output?.endReason ?? o.output?.error ?? o.code)).join(', ')}`,
    );
    // Assert
    expect(during.output).toBeDefined();
    expect(clean?.output?.endReason).toBe('drained');
    expect(figures).toMatchObject({ lost: 0, duplicated: 0, unexpected: 0 });
  });

  it('rides out an auto-paused database and random 5xx', async () => {
    // Prepare
    const s = await scenario('pause', 3000, 2);
    const env = s.env({ INGEST_MAX_BATCH_ROWS: '50' });
    // Act
    const run = startIngestProcess(env);
    await waitFor(async () => (await s.committed()) > 0n, 60_000);
    await setFaults(emulator.url, { pausedForMs: 5000 });
    await setFaults(emulator.url, {
      errorRate: 0.2,
      exception: 'ServiceUnavailableError',
    });
    const outcome = await run.ended;
    const faults = Object(
      await fetch(`${emulator.url}/_admin/faults`).then((r) => r.json()),
    );
    await setFaults(emulator.url, 'clear');
    const figures = await measure(s.db, s.produced);
    report('auto-pause+5xx', seed, figures);
    say(
      `[faults] auto-pause+5xx run ${outcome.ms} ms, ` +
        `emulator counters ${JSON.stringify(faults.counters)}\n`,
    );
    // Assert
    expect(outcome.code).toBe(0);
    expect(outcome.output?.endReason).toBe('drained');
    expect(faults.counters.faultsInjected).toBeGreaterThan(0);
    expect(figures).toMatchObject({ lost: 0, duplicated: 0, unexpected: 0 });
  });

  it('stops at its budget under 100 ms latency with only whole chunks done', async () => {
    // Prepare
    const s = await scenario('budget', 3000, 2);
    const env = s.env({
      INGEST_MAX_BATCH_ROWS: '20',
      INGEST_BUDGET_MS: '6000',
      INGEST_SHUTDOWN_MARGIN_MS: '1000',
    });
    await setFaults(emulator.url, { latencyMs: 100 });
    // Act
    const outcome = await startIngestProcess(env).ended;
    await setFaults(emulator.url, 'clear');
    const offsets = await committedOffsets(kafka, s.groupId, [s.topic]);
    const done = s.produced.filter(
      (r) => r.offset < (offsets.get(`${r.topic}:${r.partition}`) ?? 0n),
    );
    // A repeat of a key can be read (and insert it) before the original on
    // another partition: that key is then done, by the repeat.
    const doneKeys = new Set(
      done.flatMap((r) => ('key' in r.expect ? [r.expect.key.join('/')] : [])),
    );
    const undone = s.produced.filter(
      (r) =>
        !done.includes(r) &&
        (r.expect.kind === 'quarantine' ||
          (r.expect.kind === 'post' && !doneKeys.has(r.expect.key.join('/')))),
    );
    const doneFigures = await measure(s.db, done);
    const undoneFigures = await measure(s.db, undone);
    report('latency+budget (committed part)', seed, doneFigures);
    say(
      `[faults] latency+budget run ${outcome.ms} ms, ` +
        `${JSON.stringify(outcome.output?.counts)}; committed ${done.length} ` +
        `of ${s.produced.length}; stored beyond commits: ` +
        `${undone.length - undoneFigures.lost}\n`,
    );
    // Assert
    expect(outcome.output?.endReason).toBe('budget');
    expect(done.length).toBeGreaterThan(0);
    expect(undone.length).toBeGreaterThan(0);
    expect(doneFigures).toMatchObject({ lost: 0, duplicated: 0 });
    // Nothing half-done: no record past the committed offsets is stored.
    expect(undoneFigures.lost).toBe(undone.length);
    expect(outcome.output?.counts).toMatchObject({ consumed: done.length });
  });

  it('lets two overlapping runs share the group without duplicates or crashes', async () => {
    // Prepare
    const s = await scenario('overlap', 6000, 4);
    const env = s.env({ INGEST_MAX_BATCH_ROWS: '20' });
    const counts = (o: { output?: Record<string, unknown> }) =>
      Object(o.output?.counts);
    // Data API latency as in production (100 ms a call) keeps the first run
    // busy for seconds, so the second joins while it is still writing
    // rather than after it drained (with 3 partitions written at once, a
    // fast local database let the first finish alone).
    await setFaults(emulator.url, { latencyMs: 100 });
    // Act: the second joins while the first is writing.
    const first = startIngestProcess(env);
    await waitFor(async () => (await s.committed()) > 0n, 60_000);
    const second = startIngestProcess(env);
    const outcomes = await Promise.all([first.ended, second.ended]);
    await setFaults(emulator.url, 'clear');
    const clean = await startIngestProcess(env).ended;
    const figures = await measure(s.db, s.produced);
    report('overlap', seed, figures);
    const runs = [...outcomes, clean].map(counts);
    say(
      `[faults] overlap consumed/inserted/duplicate per run: ${runs
        .map((c) => `${c.consumed}/${c.inserted}/${c.duplicate}`)
        .join(', ')}\n`,
    );
    // Assert
    expect(outcomes.map((o) => o.code)).toEqual([0, 0]);
    expect(runs[1]?.consumed).toBeGreaterThan(0);
    expect(runs.reduce((sum, c) => sum + c.inserted, 0)).toBe(figures.rows);
    expect(figures).toMatchObject({ lost: 0, duplicated: 0, unexpected: 0 });
  });

  it('quarantines poison of every reason without stalling any partition', async () => {
    // Prepare
    const s = await scenario('poison', 4000, 3);
    const topics = [s.topic];
    const pins = [`${s.topic}=federated`];
    const produced = [...s.produced];
    for (const [sample, family] of [
      ['Bluesky-Kafka', 'bluesky'],
      ['Twitter-Kafka', 'twitter'],
      ['FederatedPosts', 'federated'],
    ] as const) {
      const topic = `${s.topic}-${family}-samples`;
      await createTopic(kafka, topic, 2);
      produced.push(
        ...(await produceTracked(kafka, topic, 2, samplePlans(sample))),
      );
      topics.push(topic);
      pins.push(`${topic}=${family}`);
    }
    const env = ingestEnv(emulator.url, s.dbName, topics, s.groupId, {
      TOPIC_FAMILIES: pins.join(','),
    });
    const poison = produced.filter((r) => r.expect.kind === 'quarantine');
    // Act
    const outcome = await startIngestProcess(env).ended;
    const figures = await measure(s.db, produced);
    report('poison', seed, figures);
    const counts = Object(outcome.output?.counts);
    say(`[faults] poison reasons ${JSON.stringify(counts.reasons)}\n`);
    // Assert
    expect(outcome.output?.endReason).toBe('drained');
    const partitions: unknown = outcome.output?.partitions;
    expect(Array.isArray(partitions) && partitions.length).toBe(9);
    for (const p of Array.isArray(partitions) ? partitions : [])
      expect(p).toMatchObject({ lag: '0' });
    expect(Object.keys(counts.reasons).sort()).toEqual(sampleReasons());
    expect(figures).toMatchObject({
      quarantined: poison.length,
      lost: 0,
      duplicated: 0,
      unexpected: 0,
    });
  });
});
