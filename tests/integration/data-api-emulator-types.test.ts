import {
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

// Values and types (spec §3, §9 gotchas 3-6, 13-15): the SQL and the value
// the real service returns for each engine sit side by side.
describe('Data API emulator: value encoding through the real SDK', () => {
  let server: TestEmulator;
  let client: RDSDataClient;
  let database: string;
  const run = (input: Input) =>
    client.send(new ExecuteStatementCommand({ ...ARNS, database, ...input }));
  // The error, or what a DML statement reports, as one comparable string.
  const attempt = (input: Input) =>
    run(input).then(
      (result) => `updated ${result.numberOfRecordsUpdated}`,
      (error: unknown) => String(error),
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
    database = await createEmulatorDatabase(server.url, 'types');
  });
  afterEach(() => dropEmulatorDatabase(server.url, database));

  it('round-trips every scalar kind, CHAR padded only on PostgreSQL', async () => {
    // Prepare
    await run({
      sql: byEngine({
        pg: `CREATE TABLE v (a text, b int8, c numeric(6,2), d bool,
          e bytea, f timestamptz, h float8, i jsonb, k char(10))`,
        mysql: `CREATE TABLE v (a text, b bigint, c decimal(6,2),
          d tinyint(1), e varbinary(4), f datetime(6), h double, i json,
          k char(10))`,
      }),
    });
    await run({
      sql: `INSERT INTO v VALUES (:a, :b, :c, :d, :e, :f, :h, :i, :k)`,
      parameters: [
        { name: 'a', value: { isNull: true } },
        { name: 'b', value: { longValue: 7 } },
        { name: 'c', value: { stringValue: '1.5' }, typeHint: 'DECIMAL' },
        { name: 'd', value: { booleanValue: true } },
        { name: 'e', value: { blobValue: new Uint8Array([1, 2]) } },
        {
          name: 'f',
          value: { stringValue: '2021-03-10 20:41:04.00005' },
          typeHint: 'TIMESTAMP',
        },
        { name: 'h', value: { doubleValue: 2.5 } },
        { name: 'i', value: { stringValue: '{"k": 1}' }, typeHint: 'JSON' },
        { name: 'k', value: { stringValue: 'CHAR' } },
      ],
    });
    // Act
    const result = await run({ sql: 'SELECT * FROM v' });
    // Assert
    expect(result.records).toEqual([
      [
        { isNull: true },
        { longValue: 7 },
        { stringValue: '1.50' },
        { booleanValue: true },
        { blobValue: new Uint8Array([1, 2]) },
        { stringValue: '2021-03-10 20:41:04.00005' },
        { doubleValue: 2.5 },
        { stringValue: '{"k": 1}' },
        { stringValue: byEngine({ pg: 'CHAR      ', mysql: 'CHAR' }) },
      ],
    ]);
  });

  it('returns timestamps in UTC without T or zone, and keeps numeric scale', async () => {
    // Act
    const result = await run({
      sql: byEngine({
        pg: `SELECT '2021-03-10 22:41:04.000050+02'::timestamptz AS a,
          to_timestamp(0) AS b, 0::numeric(6,4) AS c`,
        mysql: `SELECT CONVERT_TZ('2021-03-10 22:41:04.000050', '+02:00',
          @@session.time_zone) AS a, FROM_UNIXTIME(0) AS b,
          CAST(0 AS DECIMAL(6,4)) AS c`,
      }),
    });
    // Assert
    expect(result.records).toEqual([
      [
        { stringValue: '2021-03-10 20:41:04.00005' },
        { stringValue: '1970-01-01 00:00:00' },
        { stringValue: '0.0000' },
      ],
    ]);
  });

  it('writes big integers exactly on the wire, as strings on request', async () => {
    // Prepare
    const sql = byEngine({
      pg: 'SELECT 9223372036854775807::int8 AS big',
      mysql: 'SELECT CAST(9223372036854775807 AS SIGNED) AS big',
    });
    // Act
    const raw = await fetch(`${server.url}/Execute`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...ARNS, database, sql }),
    });
    const asString = await run({
      sql,
      resultSetOptions: { longReturnType: 'STRING' },
    });
    // Assert
    expect(await raw.text()).toContain('{"longValue":9223372036854775807}');
    expect(raw.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(asString.records).toEqual([
      [{ stringValue: '9223372036854775807' }],
    ]);
  });

  it('answers a value beyond the signed 64-bit range as a string', async () => {
    // Act
    const result = await run({
      sql: byEngine({
        pg: 'SELECT 18446744073709551615::numeric AS u',
        mysql: 'SELECT CAST(18446744073709551615 AS UNSIGNED) AS u',
      }),
    });
    // Assert
    expect(result.records).toEqual([[{ stringValue: '18446744073709551615' }]]);
  });

  it('switches decimals to long or double with DOUBLE_OR_LONG', async () => {
    // Act
    const result = await run({
      sql: byEngine({
        pg: 'SELECT 12::numeric(5,0) AS w, 1.50::numeric(4,2) AS f',
        mysql:
          'SELECT CAST(12 AS DECIMAL(5,0)) AS w, CAST(1.5 AS DECIMAL(4,2)) AS f',
      }),
      resultSetOptions: { decimalReturnType: 'DOUBLE_OR_LONG' },
    });
    // Assert
    expect(result.records).toEqual([[{ longValue: 12 }, { doubleValue: 1.5 }]]);
  });

  it('returns PostgreSQL arrays as arrayValue; MySQL has none (JSON text)', async () => {
    // Act
    const result = await run({
      sql: byEngine({
        pg: "SELECT '{1,NULL,3}'::int4[] AS g",
        mysql: 'SELECT JSON_ARRAY(1, NULL, 3) AS g',
      }),
    });
    // Assert
    expect(result.records?.[0]?.[0]).toEqual(
      byEngine({
        pg: { arrayValue: { longValues: [1, null, 3] } },
        mysql: { stringValue: '[1, null, 3]' },
      }),
    );
  });

  it('refuses a result of an unsupported type (cast it to text instead)', async () => {
    // Act
    const failure = await run({
      sql: byEngine({
        pg: "SELECT '12.5'::money AS m",
        mysql: 'SELECT POINT(1, 2) AS m',
      }),
    }).catch((error: unknown) => error);
    // Assert
    expect(failure).toBeInstanceOf(UnsupportedResultException);
    expect(String(failure)).toContain(
      `The result contains the unsupported data type ${byEngine({ pg: 'money', mysql: 'GEOMETRY' })}`,
    );
  });

  it('binds an un-hinted string as varchar on PostgreSQL only', async () => {
    // Prepare
    await run({
      sql: byEngine({
        pg: 'CREATE TABLE u (id uuid, day date)',
        mysql: 'CREATE TABLE u (id char(36), day date)',
      }),
    });
    const id = { stringValue: '2b1c5f6e-1111-4222-8333-444455556666' };
    const day = { stringValue: '2024-05-01' };
    // Act
    const bare = await attempt({
      sql: 'INSERT INTO u (id) VALUES (:id)',
      parameters: [{ name: 'id', value: id }],
    });
    const bareDay = await attempt({
      sql: 'INSERT INTO u (day) VALUES (:day)',
      parameters: [{ name: 'day', value: day }],
    });
    const hinted = await run({
      sql: 'INSERT INTO u (id, day) VALUES (:id, :day)',
      parameters: [
        { name: 'id', value: id, typeHint: 'UUID' },
        { name: 'day', value: day, typeHint: 'DATE' },
      ],
    });
    // Assert
    expect(bare).toMatch(
      byEngine({
        pg: /^DatabaseErrorException: ERROR: column "id" is of type uuid but expression is of type character varying\n {2}Hint: .*\n {2}Position: \d+; SQLState: 42804$/,
        mysql: /^updated 1$/,
      }),
    );
    expect(bareDay).toMatch(
      byEngine({
        pg: /date but expression is of type character varying.*42804/s,
        mysql: /^updated 1$/,
      }),
    );
    expect(hinted.numberOfRecordsUpdated).toBe(1);
  });

  it('reads MySQL TINYINT(1) written as 1/0 back as booleans', async () => {
    // Prepare
    await run({
      sql: byEngine({
        pg: 'CREATE TABLE f (flag bool)',
        mysql: 'CREATE TABLE f (flag tinyint(1))',
      }),
    });
    // Act
    const written = await attempt({
      sql: 'INSERT INTO f VALUES (:one), (:zero)',
      parameters: [
        { name: 'one', value: { longValue: 1 } },
        { name: 'zero', value: { longValue: 0 } },
      ],
    });
    const read = await run({ sql: 'SELECT flag FROM f' });
    // Assert: PostgreSQL refuses an int8 for a bool column.
    expect(written).toMatch(
      byEngine({ pg: /SQLState: 42804$/, mysql: /^updated 2$/ }),
    );
    expect(read.records).toEqual(
      byEngine({
        pg: [],
        mysql: [[{ booleanValue: true }], [{ booleanValue: false }]],
      }),
    );
  });
});
