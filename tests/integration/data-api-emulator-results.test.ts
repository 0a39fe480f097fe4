import {
  BadRequestException,
  BatchExecuteStatementCommand,
  ExecuteStatementCommand,
  type ExecuteStatementCommandInput,
  type RDSDataClient,
  UnsupportedResultException,
} from '@aws-sdk/client-rds-data';
import {
  ARNS,
  byEngine,
  createEmulatorDatabase,
  dropEmulatorDatabase,
  emulatorClient,
  startTestEmulator,
  type TestEmulator,
} from '../helpers/data-api-server.js';

type Input = Omit<ExecuteStatementCommandInput, keyof typeof ARNS>;

// An auto-increment key per engine (spec §3.9).
const CREATE_KEYED = byEngine({
  pg: 'CREATE TABLE s (id serial PRIMARY KEY, n int8)',
  mysql: 'CREATE TABLE s (id int AUTO_INCREMENT PRIMARY KEY, n bigint)',
});

// `rows` rows of `width` characters each.
const wideRows = (rows: number, width: number) =>
  byEngine({
    pg: `SELECT repeat('x', ${width}) AS v FROM generate_series(1, ${rows})`,
    mysql: `SELECT REPEAT('x', ${width}) AS v FROM information_schema.columns
      a, information_schema.columns b LIMIT ${rows}`,
  });

// Result shapes (spec §2.1, §2.2, §3.9, §3.10, §6).
describe('Data API emulator: result shapes through the real SDK', () => {
  let server: TestEmulator;
  let client: RDSDataClient;
  let database: string;
  const run = (input: Input) =>
    client.send(new ExecuteStatementCommand({ ...ARNS, database, ...input }));
  const failureOf = (input: Input) =>
    run(input).then(
      () => new Error('no failure'),
      (error: unknown) => error,
    );

  beforeAll(async () => {
    server = await startTestEmulator();
    client = emulatorClient(server.url);
  });
  afterAll(async () => {
    client.destroy();
    await server.close();
  });
  beforeEach(async () => {
    database = await createEmulatorDatabase(server.url, 'results');
  });
  afterEach(() => dropEmulatorDatabase(server.url, database));

  it('returns the AUTO_INCREMENT key on MySQL and nothing on PostgreSQL', async () => {
    // Prepare
    await run({ sql: CREATE_KEYED });
    const parameters = [{ name: 'n', value: { longValue: 5 } }];
    // Act
    const first = await run({
      sql: 'INSERT INTO s (n) VALUES (:n)',
      parameters,
    });
    const second = await run({
      sql: 'INSERT INTO s (n) VALUES (:n)',
      parameters,
    });
    const update = await run({ sql: 'UPDATE s SET n = 6' });
    // Assert
    expect(first.generatedFields).toEqual(
      byEngine({ pg: [], mysql: [{ longValue: 1 }] }),
    );
    expect(second.generatedFields).toEqual(
      byEngine({ pg: [], mysql: [{ longValue: 2 }] }),
    );
    expect(first.numberOfRecordsUpdated).toBe(1);
    expect(update.generatedFields).toEqual([]);
    expect(update.numberOfRecordsUpdated).toBe(2);
  });

  it('counts matched rows, not changed rows (found-rows semantics)', async () => {
    // Prepare
    await run({ sql: CREATE_KEYED });
    await run({ sql: 'INSERT INTO s (n) VALUES (1), (1), (2)' });
    // Act
    const update = await run({ sql: 'UPDATE s SET n = 1 WHERE n >= 1' });
    // Assert
    expect(update.numberOfRecordsUpdated).toBe(3);
  });

  it('answers RETURNING rows on PostgreSQL; Aurora MySQL has no RETURNING', async () => {
    // Prepare
    await run({ sql: CREATE_KEYED });
    // Act
    const returning = await run({
      sql: 'INSERT INTO s (n) VALUES (5) RETURNING id, n',
    }).catch((error: unknown) => error);
    // Assert (MariaDB would accept it: the emulator refuses like MySQL 8)
    expect(returning).toEqual(
      byEngine({
        pg: expect.objectContaining({
          records: [[{ longValue: 1 }, { longValue: 5 }]],
          numberOfRecordsUpdated: 0,
        }),
        mysql: expect.objectContaining({
          name: 'DatabaseErrorException',
          message: expect.stringMatching(
            /^You have an error in your SQL syntax; .* near 'RETURNING id, n' at line 1; SQLState: 42000$/,
          ),
        }),
      }),
    );
  });

  it('returns one update result per parameter set in a batch', async () => {
    // Prepare
    await run({ sql: CREATE_KEYED });
    const set = (n: number) => [{ name: 'n', value: { longValue: n } }];
    // Act
    const batch = await client.send(
      new BatchExecuteStatementCommand({
        ...ARNS,
        database,
        sql: 'INSERT INTO s (n) VALUES (:n)',
        parameterSets: [set(1), set(2), set(3)],
      }),
    );
    const sum = await run({ sql: 'SELECT CAST(sum(n) AS CHAR(10)) FROM s' });
    // Assert
    expect(batch.updateResults).toEqual(
      byEngine({
        pg: [
          { generatedFields: [] },
          { generatedFields: [] },
          {
            generatedFields: [],
          },
        ],
        mysql: [
          { generatedFields: [{ longValue: 1 }] },
          { generatedFields: [{ longValue: 2 }] },
          { generatedFields: [{ longValue: 3 }] },
        ],
      }),
    );
    expect(sum.records?.[0]?.[0]?.stringValue?.trim()).toBe('6');
  });

  it('formats records as JSON: numbers, strings for decimals, null', async () => {
    // Act
    const result = await run({
      sql: byEngine({
        pg: "SELECT 7 AS id, 'x' AS name, NULL::int AS gone, 1.5::numeric AS d",
        mysql:
          "SELECT 7 AS id, 'x' AS name, NULL AS gone, CAST(1.5 AS DECIMAL(2,1)) AS d",
      }),
      formatRecordsAs: 'JSON',
    });
    // Assert
    expect(result.records).toBeUndefined();
    expect(result.columnMetadata).toBeUndefined();
    expect(JSON.parse(result.formattedRecords ?? '')).toEqual([
      { id: 7, name: 'x', gone: null, d: '1.5' },
    ]);
  });

  it('refuses JSON format for duplicate column labels', async () => {
    // Act
    const failure = await failureOf({
      sql: 'SELECT 1 AS a, 2 AS a',
      formatRecordsAs: 'JSON',
    });
    // Assert
    expect(failure).toBeInstanceOf(UnsupportedResultException);
  });

  it('fails a result over 1 MiB, and JSON over 10 MB', async () => {
    // Act
    const records = await failureOf({ sql: wideRows(30, 50_000) });
    const json = await failureOf({
      sql: wideRows(1_100, 10_000),
      formatRecordsAs: 'JSON',
    });
    const small = await run({ sql: wideRows(10, 50_000) });
    // Assert
    expect(records).toBeInstanceOf(UnsupportedResultException);
    expect(String(records)).toContain(
      'Database returned more than the allowed response size limit',
    );
    expect(json).toBeInstanceOf(BadRequestException);
    expect(small.records).toHaveLength(10);
  });

  it('describes columns with the engine type names (includeResultMetadata)', async () => {
    // Prepare
    await run({
      sql: byEngine({
        pg: 'CREATE TABLE w (id int4 PRIMARY KEY, name varchar(20))',
        mysql: 'CREATE TABLE w (id int PRIMARY KEY, name varchar(20))',
      }),
    });
    // Act
    const result = await run({
      sql: 'SELECT id, name AS label FROM w',
      includeResultMetadata: true,
    });
    // Assert
    expect(result.records).toEqual([]);
    expect(
      result.columnMetadata?.map((c) => [c.name, c.label, c.typeName, c.type]),
    ).toEqual(
      byEngine({
        pg: [
          ['id', 'id', 'int4', 4],
          ['label', 'label', 'varchar', 12],
        ],
        mysql: [
          ['id', 'id', 'INT', 4],
          ['name', 'label', 'VARCHAR', 12],
        ],
      }),
    );
  });
});
