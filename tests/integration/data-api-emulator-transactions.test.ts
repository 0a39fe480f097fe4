import {
  BeginTransactionCommand,
  CommitTransactionCommand,
  DatabaseErrorException,
  ExecuteStatementCommand,
  type ExecuteStatementCommandInput,
  type RDSDataClient,
  RollbackTransactionCommand,
  StatementTimeoutException,
  TransactionNotFoundException,
  UnsupportedResultException,
} from '@aws-sdk/client-rds-data';
import {
  ARNS,
  byEngine,
  createEmulatorDatabase,
  dropEmulatorDatabase,
  emulatorAdmin,
  emulatorClient,
  startTestEmulator,
  type TestEmulator,
} from '../helpers/data-api-server.js';
import { waitFor } from '../helpers/wait-for.js';

// Small limits so expiry and timeouts are observable (spec §6, §7); the
// timeout stays above PGlite's event-loop stalls while it opens instances.
const IDLE_MS = 6000;
const TIMEOUT_MS = 3000;

describe('Data API emulator: transactions through the real SDK', () => {
  let server: TestEmulator;
  let client: RDSDataClient;
  let database: string;
  const run = (input: Omit<ExecuteStatementCommandInput, keyof typeof ARNS>) =>
    client.send(new ExecuteStatementCommand({ ...ARNS, database, ...input }));
  const begin = () =>
    client.send(new BeginTransactionCommand({ ...ARNS, database }));
  const commit = (transactionId?: string) =>
    client.send(new CommitTransactionCommand({ ...ARNS, transactionId }));
  const rollback = (transactionId?: string) =>
    client.send(new RollbackTransactionCommand({ ...ARNS, transactionId }));
  const count = async () =>
    (await run({ sql: 'SELECT count(*) FROM t' })).records?.[0]?.[0];

  beforeAll(async () => {
    server = await startTestEmulator([
      '--transaction-idle-ms',
      String(IDLE_MS),
      '--statement-timeout-ms',
      String(TIMEOUT_MS),
    ]);
    client = emulatorClient(server.url);
  });
  afterAll(async () => {
    client.destroy();
    await server.close();
  });
  beforeEach(async () => {
    database = await createEmulatorDatabase(server.url, 'transactions');
    await run({ sql: 'CREATE TABLE t (id int PRIMARY KEY)' });
  });
  afterEach(async () => {
    await emulatorAdmin(server.url, 'DELETE', 'faults');
    await dropEmulatorDatabase(server.url, database);
  });

  it('commits: rows become visible and every call has a request id', async () => {
    // Prepare
    const { transactionId, $metadata } = await begin();
    // Act
    const insert = await run({
      sql: 'INSERT INTO t VALUES (1)',
      transactionId,
    });
    // PGlite has one connection: read inside the transaction, not beside it.
    const inside = await run({ sql: 'SELECT count(*) FROM t', transactionId });
    const committed = await commit(transactionId);
    // Assert
    expect(transactionId).toMatch(/^[A-Za-z0-9+/=]{184}$/);
    expect($metadata.requestId).toBeTruthy();
    expect(insert.$metadata.requestId).toBeTruthy();
    expect(inside.records).toEqual([[{ longValue: 1 }]]);
    expect(committed.transactionStatus).toBe('Transaction Committed');
    expect(await count()).toEqual({ longValue: 1 });
  });

  it('rolls back, and the id is gone afterwards', async () => {
    // Prepare
    const { transactionId } = await begin();
    await run({ sql: 'INSERT INTO t VALUES (1)', transactionId });
    // Act
    const rolledBack = await rollback(transactionId);
    const reuse = run({ sql: 'SELECT 1', transactionId });
    // Assert
    expect(rolledBack.transactionStatus).toBe('Rollback Complete');
    expect(rolledBack.$metadata.requestId).toBeTruthy();
    await expect(reuse).rejects.toThrow(TransactionNotFoundException);
    expect(await count()).toEqual({ longValue: 0 });
  });

  it('aborts the transaction on a failed statement', async () => {
    // Prepare
    const { transactionId } = await begin();
    await run({ sql: 'INSERT INTO t VALUES (1)', transactionId });
    // Act
    const failed = run({ sql: 'INSERT INTO t VALUES (1)', transactionId });
    await expect(failed).rejects.toThrow(
      byEngine({ pg: /SQLState: 23505$/, mysql: /SQLState: 23000$/ }),
    );
    const next = run({ sql: 'SELECT 1', transactionId });
    const end = rollback(transactionId);
    // Assert
    await expect(next).rejects.toThrow(
      /is not found\. Transaction has been aborted due to an error/,
    );
    await expect(end).rejects.toThrow(TransactionNotFoundException);
    expect(await count()).toEqual({ longValue: 0 });
  });

  it('refuses a second concurrent call on one transaction', async () => {
    // Prepare
    const { transactionId } = await begin();
    await emulatorAdmin(server.url, 'POST', 'faults', { latencyMs: 300 });
    // Act
    const outcomes = await Promise.allSettled([
      run({ sql: 'INSERT INTO t VALUES (1)', transactionId }),
      run({ sql: 'INSERT INTO t VALUES (2)', transactionId }),
    ]);
    await emulatorAdmin(server.url, 'DELETE', 'faults');
    await commit(transactionId);
    // Assert
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(refused).toHaveLength(1);
    const reason: unknown = refused[0]?.reason;
    expect(reason).toBeInstanceOf(DatabaseErrorException);
    expect(String(reason)).toContain('Transaction is still running a query');
    expect(await count()).toEqual({ longValue: 1 });
  });

  it('expires a transaction left idle longer than the idle timeout', async () => {
    // Prepare
    const { transactionId } = await begin();
    await run({ sql: 'INSERT INTO t VALUES (1)', transactionId });
    // Act
    await waitFor(
      async () => {
        const health = await emulatorAdmin(server.url, 'GET', 'health');
        return Reflect.get(Object(health), 'openTransactions') === 0;
      },
      IDLE_MS * 3,
      { what: 'the idle transaction to expire' },
    );
    const late = run({ sql: 'SELECT 1', transactionId });
    // Assert
    await expect(late).rejects.toThrow(TransactionNotFoundException);
    await expect(late).rejects.toThrow(/Transaction may be expired\.$/);
    expect(await count()).toEqual({ longValue: 0 });
  });

  it('loses the transaction when a result is over 1 MiB', async () => {
    // Prepare
    const { transactionId } = await begin();
    const sql = byEngine({
      pg: "SELECT repeat('x', 100000) FROM generate_series(1, 20)",
      mysql: `SELECT REPEAT('x', 100000) FROM information_schema.columns
        LIMIT 20`,
    });
    // Act
    const big = run({ sql, transactionId });
    await expect(big).rejects.toThrow(UnsupportedResultException);
    const next = run({ sql: 'SELECT 1', transactionId });
    // Assert
    await expect(next).rejects.toThrow(TransactionNotFoundException);
  });

  it('commits DDL implicitly on MySQL; PostgreSQL DDL rolls back', async () => {
    // Prepare
    const { transactionId } = await begin();
    await run({ sql: 'INSERT INTO t VALUES (1)', transactionId });
    // Act
    await run({ sql: 'CREATE TABLE d (id int)', transactionId });
    await rollback(transactionId);
    const tables = await run({
      sql: "SELECT count(*) FROM information_schema.tables WHERE table_name = 'd'",
    });
    // Assert
    expect(tables.records?.[0]?.[0]).toEqual(
      byEngine({ pg: { longValue: 0 }, mysql: { longValue: 1 } }),
    );
    expect(await count()).toEqual(
      byEngine({ pg: { longValue: 0 }, mysql: { longValue: 1 } }),
    );
  });

  it('serves a call beside an open transaction (PGlite: waits, times out)', async () => {
    // Prepare
    const { transactionId } = await begin();
    await run({ sql: 'INSERT INTO t VALUES (1)', transactionId });
    // Act: PGlite has one connection, held by the transaction.
    const outside = await run({ sql: 'SELECT count(*) FROM t' }).then(
      (result) => result.records?.[0]?.[0],
      (error: unknown) => error,
    );
    await commit(transactionId);
    // Assert
    expect(outside).toEqual(
      byEngine({
        pg: { longValue: 0 },
        mysql: { longValue: 0 },
        pglite: expect.any(StatementTimeoutException),
      }),
    );
  });
});
