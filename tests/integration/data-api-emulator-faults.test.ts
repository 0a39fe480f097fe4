import {
  DatabaseResumingException,
  ExecuteStatementCommand,
  InternalServerErrorException,
  type RDSDataClient,
  StatementTimeoutException,
} from '@aws-sdk/client-rds-data';
import {
  ARNS,
  emulatorAdmin,
  emulatorClient,
  requestCount,
  startTestEmulator,
  type TestEmulator,
} from '../helpers/data-api-server.js';
import { waitFor } from '../helpers/wait-for.js';

// Faults are server-wide, so these tests use the default database only.
describe('Data API emulator: fault injection through the real SDK', () => {
  let server: TestEmulator;
  let client: RDSDataClient;
  const select = (sql = 'SELECT 1') =>
    client.send(new ExecuteStatementCommand({ ...ARNS, sql }));

  beforeAll(async () => {
    server = await startTestEmulator(['--statement-timeout-ms', '1000']);
    client = emulatorClient(server.url);
  });
  afterAll(async () => {
    client.destroy();
    await server.close();
  });
  afterEach(() => emulatorAdmin(server.url, 'DELETE', 'faults'));

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

  it('answers an injected 503 that the SDK retries until it succeeds', async () => {
    // Prepare
    await emulatorAdmin(server.url, 'POST', 'faults', {
      exception: 'ServiceUnavailableError',
      count: 2,
    });
    const before = await requestCount(server.url);
    // Act
    const result = await select();
    // Assert
    expect(result.records).toEqual([[{ longValue: 1 }]]);
    expect(result.$metadata.attempts).toBe(3);
    expect(await requestCount(server.url)).toBe(before + 3);
  });

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
    const failure = await select('SELECT pg_sleep(1.5)').catch(
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
});
