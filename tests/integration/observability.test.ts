import type { DataApi } from '../../lib/data-api.js';
import { NoLocalUsersError } from '../../lib/errors.js';
import { faultDatabase } from '../faults/fault-stack.js';
import {
  emulatorAdmin,
  startTestEmulator,
  type TestEmulator,
} from '../helpers/data-api-server.js';
import { captureStdout, checkEmf, isEmf } from '../helpers/emf.js';
import {
  createTestDatabase,
  createTestTopic,
  lambdaContext,
  loadIngest,
  loadPublish,
  produce,
  seedTestUsers,
  testKafka,
  uid,
  withInvocationEnv,
} from '../helpers/integration.js';
import {
  capturedStreamEvent,
  httpEvent,
  insertPost,
  insertRecord,
  scheduledEvent,
} from '../helpers/publish-events.js';
import { waitFor } from '../helpers/wait-for.js';

const kafka = testKafka();
const SITE = 'tidepool';
const flat = (site: string, id: string) =>
  JSON.stringify({
    username: 'lin',
    source_site: site,
    post_uuid_within_site: id,
    post_text: 'hi',
  });

/** A Lambda context that also names the function, as Lambda's does. */
function invocation(fn: string) {
  return {
    ...lambdaContext(),
    functionName: `instalite-test-${fn}`,
    functionVersion: '$LATEST',
  };
}

type Line = Record<string, unknown>;
const metricsOf = (lines: Line[]) => lines.filter(isEmf).map(checkEmf);
const logsOf = (lines: Line[]) => lines.filter((l) => !isEmf(l));
const retriesLogged = (lines: Line[]) =>
  lines.filter((l) => l.message === 'Data API call failed; retrying').length;

async function countRows(db: DataApi, sql: string) {
  const rows = await db.query({ name: 'testCount', sql });
  return rows.map((r) => r.map((v) => (typeof v === 'string' ? v : Number(v))));
}

describe('ingest observability', () => {
  it('writes run metrics that match the database, and tags every log line with the invocation', async () => {
    // Prepare
    const topic = await createTestTopic(kafka, 'obsingest');
    const { db, name } = await createTestDatabase('obsingest');
    await seedTestUsers(db, 2);
    await produce(kafka, topic, [
      { key: 'a', value: flat('g58', 'a') },
      { key: 'b', value: flat('g58', 'b') },
      { key: 'c', value: flat('g58', 'c') },
      { key: 'a', value: flat('g58', 'a') },
      { key: 'own', value: flat(SITE, 'own') },
      { key: 'j1', value: '{not json' },
      { key: 'j2', value: '[1,' },
      { key: 'e', value: '' },
    ]);
    const ingest = await loadIngest({
      SITE_ID: SITE,
      INGEST_TOPICS: topic,
      TOPIC_FAMILIES: `${topic}=federated`,
      DB_NAME: name,
      KAFKA_GROUP_ID: `obs-${uid()}`,
      LOG_LEVEL: 'debug',
    });
    const context = invocation('ingest');
    // Act
    const { result: summary, lines } = await captureStdout(() =>
      ingest.handler({}, context),
    );
    const inserted = await countRows(
      db,
      'SELECT COUNT(*) FROM posts WHERE source_site IS NOT NULL',
    );
    const quarantined = await countRows(
      db,
      'SELECT reason, COUNT(*) FROM ingest_quarantine GROUP BY reason ORDER BY reason',
    );
    // Assert
    const [run, ...byReason] = metricsOf(lines);
    expect(run).toMatchObject({
      Function: 'ingest',
      SiteId: SITE,
      requestId: context.awsRequestId,
      Consumed: 8,
      Inserted: inserted[0]?.[0],
      Duplicates: 1,
      SkippedOwnSite: 1,
      Quarantined: summary.counts.quarantined,
      LagAtEnd: 0,
      DataApiCalls: summary.dataApiCalls,
      // A loaded emulator may stall a call into a retry: each is logged.
      DataApiRetries: retriesLogged(lines),
      Errors: 0,
      DurationMs: Date.parse(summary.endedAt) - Date.parse(summary.startedAt),
    });
    expect(inserted).toEqual([[3]]);
    expect(byReason.map((d) => [d.Reason, d.Quarantined])).toEqual(quarantined);
    expect(quarantined.reduce((n, [, c]) => n + Number(c), 0)).toBe(3);
    const logs = logsOf(lines);
    expect(logs.length).toBeGreaterThan(2);
    for (const line of logs) {
      expect(line).toMatchObject({
        function: 'ingest',
        requestId: context.awsRequestId,
        functionName: context.functionName,
        functionVersion: '$LATEST',
        coldStart: true,
      });
    }
    const chunks = logs.filter(
      (l) => l.message === 'Chunk written and committed',
    );
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({
        topic,
        partition: 0,
        firstOffset: expect.stringMatching(/^\d+$/),
        lastOffset: expect.stringMatching(/^\d+$/),
      });
    }
    expect(chunks[0]?.firstOffset).toBe('0');
    expect(chunks.at(-1)?.lastOffset).toBe('7');
  });

  it('marks only the first invocation of a warm function as a cold start, and tags traced ones with the X-Ray trace id', async () => {
    // Prepare
    const topic = await createTestTopic(kafka, 'obswarm');
    const { db, name } = await createTestDatabase('obswarm');
    await seedTestUsers(db, 1);
    const ingest = await loadIngest({
      INGEST_TOPICS: topic,
      DB_NAME: name,
      KAFKA_GROUP_ID: `obs-${uid()}`,
      LOG_LEVEL: 'info',
    });
    // Act
    const first = await captureStdout(() =>
      ingest.handler({}, invocation('ingest')),
    );
    // Lambda sets the X-Ray header afresh for each traced invocation.
    const traceHeader =
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
    const second = await withInvocationEnv(
      { _X_AMZN_TRACE_ID: traceHeader },
      () => captureStdout(() => ingest.handler({}, invocation('ingest'))),
    );
    // Assert
    const coldStarts = (lines: Line[]) =>
      new Set(logsOf(lines).map((l) => l.coldStart));
    const traceIds = (lines: Line[]) =>
      new Set(logsOf(lines).map((l) => l.traceId));
    expect(coldStarts(first.lines)).toEqual(new Set([true]));
    expect(coldStarts(second.lines)).toEqual(new Set([false]));
    expect(traceIds(first.lines)).toEqual(new Set([undefined]));
    expect(traceIds(second.lines)).toEqual(
      new Set(['1-5759e988-bd862e3fe1be46a994272793']),
    );
    expect(metricsOf(second.lines)).toEqual([
      expect.objectContaining({ Consumed: 0, LagAtEnd: 0, Errors: 0 }),
    ]);
  });

  it('counts a failed run as one error, and logs the failure with the request id', async () => {
    // Prepare
    const topic = await createTestTopic(kafka, 'obsfail');
    const { name } = await createTestDatabase('obsfail');
    await produce(kafka, topic, [{ value: flat('g58', '1') }]);
    const ingest = await loadIngest({
      INGEST_TOPICS: topic,
      DB_NAME: name,
      KAFKA_GROUP_ID: `obs-${uid()}`,
    });
    const context = invocation('ingest');
    // Act
    const { result: error, lines } = await captureStdout(() =>
      ingest.handler({}, context).catch((e: unknown) => e),
    );
    // Assert
    expect(error).toMatchObject({ name: NoLocalUsersError.name });
    expect(metricsOf(lines)).toEqual([
      expect.objectContaining({
        Function: 'ingest',
        endReason: 'error',
        Errors: 1,
        DataApiCalls: expect.any(Number),
        requestId: context.awsRequestId,
      }),
    ]);
    expect(metricsOf(lines)[0]).toMatchObject({ Consumed: 0, Inserted: 0 });
    expect(metricsOf(lines)[0]).not.toHaveProperty('LagAtEnd');
    expect(logsOf(lines)).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'Ingest run failed',
        requestId: context.awsRequestId,
        coldStart: true,
      }),
    );
  });
});

describe('publish observability', () => {
  async function publishSite(purpose: string) {
    const topic = await createTestTopic(kafka, purpose);
    const { name, db } = await createTestDatabase(purpose);
    await seedTestUsers(db, 1);
    const publish = await loadPublish({
      SITE_ID: SITE,
      PUBLISH_TOPIC: topic,
      DB_NAME: name,
      PUBLISH_SWEEP_MIN_AGE_SECONDS: '60',
      LOG_LEVEL: 'info',
    });
    return { db, publish };
  }

  it('writes one metrics document per invocation of every trigger, equal to its answer', async () => {
    // Prepare
    const { db, publish } = await publishSite('obspublish');
    const ids = [await insertPost(db), await insertPost(db)];
    const missed = await insertPost(db);
    const streamEvent = capturedStreamEvent();
    streamEvent.Records = [
      insertRecord(ids[0] ?? '', '100'),
      ...streamEvent.Records.slice(1),
    ];
    const direct = [
      { post_id: 901, username: 'ines', post_text: 'one' },
      { post_id: 902, username: 'ines', post_text: 'two' },
      { post_id: 903, post_text: 'no author' },
    ];
    const events: [string, unknown][] = [
      ['direct', direct],
      ['http', httpEvent(JSON.stringify(direct.slice(0, 1)))],
      ['stream', streamEvent],
      ['database', { trigger: 'posts_insert', post: { post_id: ids[1] } }],
      ['sweep', scheduledEvent()],
    ];
    // Act
    const seen = [];
    for (const [trigger, event] of events) {
      const context = invocation('publish');
      const out = await captureStdout(() => publish.handler(event, context));
      seen.push({ trigger, context, ...out });
    }
    // Assert
    const answers = seen.map(({ result }) =>
      'body' in result && typeof result.body === 'string'
        ? JSON.parse(result.body)
        : result,
    );
    const counts = (a: Record<string, unknown>) => ({
      Sent: a.sent,
      Invalid: a.invalid,
      Skipped: a.skipped,
      Failed: a.failed,
    });
    expect(answers[0]).toMatchObject({ sent: 2, invalid: 1 });
    expect(answers[4]).toMatchObject({ found: 1, sent: 1 });
    seen.forEach(({ trigger, context, lines }, i) => {
      const metrics = metricsOf(lines);
      expect(metrics).toHaveLength(1);
      expect(metrics[0]).toMatchObject({
        Function: 'publish',
        SiteId: SITE,
        trigger,
        requestId: context.awsRequestId,
        Errors: 0,
        DataApiRetries: retriesLogged(lines),
        ...(trigger === 'stream' ? {} : counts(answers[i])),
      });
      for (const line of logsOf(lines)) {
        expect(line).toMatchObject({
          function: 'publish',
          requestId: context.awsRequestId,
          functionName: context.functionName,
          coldStart: i === 0,
          trigger,
        });
      }
    });
    // The captured batch: our INSERT is sent; its MODIFY and REMOVE are not.
    expect(metricsOf(seen[2]?.lines ?? [])[0]).toMatchObject({
      Sent: 1,
      Invalid: 0,
      Skipped: 2,
      Failed: 0,
    });
    expect(answers[2]).toEqual({ batchItemFailures: [] });
    expect(answers[4].results).toEqual([
      expect.objectContaining({ post_id: missed, status: 'sent' }),
    ]);
  });

  it('counts an event it cannot handle as one error', async () => {
    // Prepare
    const { publish } = await publishSite('obsbad');
    const context = invocation('publish');
    // Act
    const { result: error, lines } = await captureStdout(() =>
      publish
        .handler({ Records: [{ eventSource: 'aws:sqs' }] }, context)
        .catch((e: unknown) => e),
    );
    // Assert
    expect(error).toBeInstanceOf(TypeError);
    expect(metricsOf(lines)).toEqual([
      expect.objectContaining({
        trigger: 'unsupported',
        Errors: 1,
        requestId: context.awsRequestId,
      }),
    ]);
    expect(logsOf(lines)).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'Publish failed',
        requestId: context.awsRequestId,
      }),
    );
  });
});

describe('Data API retries in metrics and logs', () => {
  let emulator: TestEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(() => emulator.close());

  it('counts a retried Data API call and logs the retry with the request id', async () => {
    // Prepare
    const { name } = await faultDatabase(emulator.url, 'obsretry', 1);
    const publish = await loadPublish({
      SITE_ID: SITE,
      DB_NAME: name,
      DATA_API_ENDPOINT: emulator.url,
      LOG_LEVEL: 'info',
    });
    // The SDK retries a 500 itself; a resuming database is ours to retry.
    await emulatorAdmin(emulator.url, 'POST', 'faults', {
      exception: 'DatabaseResumingException',
      count: 1,
    });
    const context = invocation('publish');
    // Act
    const { result, lines } = await captureStdout(() =>
      publish.handler(scheduledEvent(), context),
    );
    // Assert
    expect(result).toMatchObject({ found: 0, sent: 0 });
    expect(metricsOf(lines)).toEqual([
      expect.objectContaining({
        trigger: 'sweep',
        DataApiRetries: 1,
        DataApiCalls: 2,
        Errors: 0,
      }),
    ]);
    expect(logsOf(lines)).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'Data API call failed; retrying',
        failure: 'resuming',
        requestId: context.awsRequestId,
        functionName: context.functionName,
      }),
    );
  });

  it('counts what a run wrote before a write failed for good', async () => {
    // Prepare
    const topic = await createTestTopic(kafka, 'obspartial');
    const { db, name } = await faultDatabase(emulator.url, 'obspartial', 2);
    const groupId = `obs-${uid()}`;
    await produce(
      kafka,
      topic,
      Array.from({ length: 100 }, (_, i) => ({ value: flat('g58', `p${i}`) })),
    );
    const ingest = await loadIngest({
      INGEST_TOPICS: topic,
      TOPIC_FAMILIES: `${topic}=federated`,
      DB_NAME: name,
      DATA_API_ENDPOINT: emulator.url,
      KAFKA_GROUP_ID: groupId,
      INGEST_MAX_BATCH_ROWS: '10',
    });
    await emulatorAdmin(emulator.url, 'POST', 'faults', { latencyMs: 300 });
    // Act
    const { result: error, lines } = await captureStdout(async () => {
      const run = ingest.handler({}, invocation('ingest'));
      await waitFor(
        async () => (await committedOffset(groupId, topic)) >= 10,
        30_000,
      );
      await emulatorAdmin(emulator.url, 'POST', 'faults', {
        exception: 'DatabaseErrorException',
        message: 'ERROR: canceling statement; SQLState: 57014',
        count: 1000,
      });
      return run.catch((e: unknown) => e);
    });
    await emulatorAdmin(emulator.url, 'DELETE', 'faults');
    const offset = await committedOffset(groupId, topic);
    const [[rows] = []] = await countRows(db, 'SELECT COUNT(*) FROM posts');
    // Assert
    expect(error).toMatchObject({ name: 'DatabaseError' });
    const [failed] = metricsOf(lines);
    expect(failed).toMatchObject({ Errors: 1, endReason: 'error' });
    // The counts cover the chunks written and committed before the failure.
    expect(failed?.Inserted).toBe(offset);
    expect(failed?.Consumed).toBe(offset);
    expect(offset).toBeGreaterThanOrEqual(10);
    expect(offset).toBeLessThan(100);
    expect(Number(rows)).toBeGreaterThanOrEqual(offset);
  });
});

async function committedOffset(groupId: string, topic: string) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return Number(t?.partitions[0]?.offset ?? -1);
  } finally {
    await admin.disconnect();
  }
}
