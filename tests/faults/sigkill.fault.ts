import { setTimeout as delay } from 'node:timers/promises';
import type { TestEmulator } from '../helpers/data-api-server.js';
import { faultSeed, startIngestProcess } from '../helpers/ingest-process.js';
import {
  createTopic,
  faultDatabase,
  faultKafka,
  ingestEnv,
  startFaultEmulator,
} from './fault-stack.js';
import {
  measure,
  planRecords,
  produceTracked,
  report,
  say,
  seededRandom,
} from './ledger.js';
import { poisonValues } from './poison.js';

const kafka = faultKafka();
let emulator: TestEmulator;
beforeAll(async () => {
  emulator = await startFaultEmulator();
});
afterAll(() => emulator.close());

describe('ingest killed with SIGKILL at random moments', () => {
  it('loses and duplicates nothing over 20 kills and one clean run', async () => {
    // Prepare
    const seed = faultSeed();
    const random = seededRandom(seed);
    const topic = `faults-kill-${seed}-${Date.now()}`;
    await createTopic(kafka, topic, 4);
    const { name, db } = await faultDatabase(emulator.url, 'kill', 50);
    const planned = planRecords(20_000, random, poisonValues());
    const produced = await produceTracked(kafka, topic, 4, planned);
    const env = ingestEnv(emulator.url, name, [topic], `kill-${seed}`, {
      TOPIC_FAMILIES: `${topic}=federated`,
      // Small chunks: many write/commit steps for a kill to land between.
      INGEST_MAX_BATCH_ROWS: '20',
    });
    const kills: number[] = [];
    // Act
    for (let cycle = 0; kills.length < 20 && cycle < 40; cycle += 1) {
      const run = startIngestProcess(env);
      // 0.3–3.5 s: from process start-up through joining to mid-write.
      const at = Math.floor(300 + random() * 3200);
      const early = await Promise.race([run.ended, delay(at)]);
      if (early === undefined) run.child.kill('SIGKILL');
      const outcome = await run.ended;
      if (outcome.signal === 'SIGKILL') kills.push(at);
      else if (outcome.output?.endReason === 'drained') break;
    }
    const clean = await startIngestProcess(env).ended;
    const figures = await measure(db, produced);
    report('sigkill', seed, figures);
    say(
      `[faults] sigkill ${kills.length} kills at (ms): ${kills.join(',')}\n` +
        `[faults] sigkill clean run: ${JSON.stringify(clean.output?.counts)}\n`,
    );
    // Assert
    expect(clean.code).toBe(0);
    expect(clean.output?.endReason).toBe('drained');
    expect(kills.length).toBeGreaterThanOrEqual(20);
    expect(figures).toMatchObject({
      lost: 0,
      duplicated: 0,
      unexpected: 0,
      hasUniqueIndex: true,
    });
  });
});
