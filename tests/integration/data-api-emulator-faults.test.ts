import {
  DatabaseResumingException,
  ExecuteStatementCommand,
  InternalServerErrorException,
  type RDSDataClient,
  StatementTimeoutException,
} from '@aws-sdk/client-rds-data';
import {
  ARNS,
  byEngine,
  createEmulatorDatabase,
  dropEmulatorDatabase,
  emulatorAdmin,
  emulatorClient,
  requestCount,
  startTestEmulator,
  type TestEmulator,
} from '../helpers/data-api-server.js';
import { waitFor } from '../helpers/wait-for.js';

// The timeout stays above PGlite's event-loop stalls (it blocks while it
// opens an instance); the sleeps outlast it.
const TIMEOUT_MS = 2000;
const sleepSql = (seconds: number) =>
  byEngine({
    pg: `SELECT pg_sleep(${seconds})`,
    mysql: `SELECT SLEEP(${seconds})`,
  });

// Faults are server-wide: the tests run one after the other on one server.
describe('Data API emulator: fault injection through the real SDK', () => {
  let server: TestEmulator;
  let client: RDSDataClient;
  const select = (sql = 'SELECT 1', database?: string) =>
    client.send(new ExecuteStatementCommand({ ...ARNS, database, sql }));

  beforeAll(async () => {
    server = await startTestEmulator([
      '--statement-timeout-ms',
      String(TIMEOUT_MS),
    ]);
    client = emulatorClient(server.url);
  });
  afterAll(async () => {
    client.destroy();
    await server.close();
  });
  const drops: string[] = [];
  afterEach(async () => {
    await emulatorAdmin(server.url, 'DELETE', 'faults');
    for (const name of drops.splice(0)) {
      await dropEmulatorDatabase(server.url, name);
    }
  });

  it('answers DatabaseResumingException, which the SDK does not retry', async () => {
    // Prepare
    await emulatorAdmin(server.url, 'POST', 'faults', {
      exception: 'DatabaseResumingException',
      count: 3,
    });
    const before = await requestCount(server.url);
    // Act
    const failure = await select().catch((error: unknown) => error);
    // Assert
    expect(failure).toBeInstanceOf(DatabaseResumingException);
    expect(String(failure)).toContain(
      `The Aurora DB instance ${ARNS.resourceArn} is resuming after being auto-paused.`,
    );
    expect(await requestCount(server.url)).toBe(before + 1);
  });

  it.each(['ServiceUnavailableError', 'DatabaseUnavailableException'])(
    'answers an injected %s (5xx) that the SDK retries until it succeeds',
    async (exception) => {
      // Prepare
      await emulatorAdmin(server.url, 'POST', 'faults', {
        exception,
        count: 2,
      });
      const before = await requestCount(server.url);
      // Act
      const result = await select();
      // Assert
      expect(result.records).toEqual([[{ longValue: 1 }]]);
      expect(result.$metadata.attempts).toBe(3);
      expect(await requestCount(server.url)).toBe(before + 3);
    },
  );

  it('fails every attempt at an error rate of 1', async () => {
    // Prepare
    await emulatorAdmin(server.url, 'POST', 'faults', { errorRate: 1 });
    const before = await requestCount(server.url);
    // Act
    const failure = await select().catch((error: unknown) => error);
    // Assert
    expect(failure).toBeInstanceOf(InternalServerErrorException);
    expect(await requestCount(server.url)).toBe(before + 3);
  });

  it('stays paused until the resume time has passed, then serves', async () => {
    // Prepare
    await emulatorAdmin(server.url, 'POST', 'faults', { pausedForMs: 300 });
    const first = await select().catch((error: unknown) => error);
    // Act
    let resumedAt = 0;
    await waitFor(
      async () => {
        const ok = await select().then(
          () => true,
          () => false,
        );
        if (ok) resumedAt = Date.now();
        return ok;
      },
      5000,
      { what: 'the emulator to resume' },
    );
    // Assert
    expect(first).toBeInstanceOf(DatabaseResumingException);
    expect(resumedAt).toBeGreaterThan(0);
  });

  it('times out a slow statement with the connection id', async () => {
    // Act
    const failure = await select(sleepSql(2.5)).catch(
      (error: unknown) => error,
    );
    // Assert
    expect(failure).toBeInstanceOf(StatementTimeoutException);
    const connectionId: unknown = Reflect.get(
      Object(failure),
      'dbConnectionId',
    );
    expect(typeof connectionId).toBe('number');
  });

  it.each([
    [false, byEngine({ pg: 0, mysql: 0, pglite: 1 })],
    [true, 1],
  ])(
    'cancels a timed-out statement unless continueAfterTimeout is %s (PGlite cannot cancel)',
    async (continueAfterTimeout, rows) => {
      // Prepare
      const database = await createEmulatorDatabase(server.url, 'timeout');
      drops.push(database);
      await select('CREATE TABLE t (n int)', database);
      const sql = byEngine({
        pg: 'INSERT INTO t SELECT 1 FROM pg_sleep(2.5)',
        mysql: 'INSERT INTO t SELECT SLEEP(2.5)',
      });
      // Act
      const failure = await client
        .send(
          new ExecuteStatementCommand({
            ...ARNS,
            database,
            sql,
            continueAfterTimeout,
          }),
        )
        .catch((error: unknown) => error);
      const count = async () => {
        const result = await select('SELECT count(*) FROM t', database);
        return result.records?.[0]?.[0]?.longValue;
      };
      // A cancelled statement has ended when the error arrives; one that
      // continues commits later.
      await waitFor(async () => (await count()) === rows, 5000, {
        what: `${rows} row(s) in t`,
      });
      // Assert
      expect(failure).toBeInstanceOf(StatementTimeoutException);
      expect(await count()).toBe(rows);
    },
  );

  it('adds per-call latency from the admin endpoint', async () => {
    // Prepare
    await emulatorAdmin(server.url, 'POST', 'faults', { latencyMs: 400 });
    const started = Date.now();
    // Act
    await select();
    // Assert
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });
});
