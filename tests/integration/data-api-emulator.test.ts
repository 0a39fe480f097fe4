import {
  BatchExecuteStatementCommand,
  DatabaseErrorException,
  ExecuteStatementCommand,
  type ExecuteStatementCommandInput,
  HttpEndpointNotEnabledException,
  type RDSDataClient,
} from '@aws-sdk/client-rds-data';
import {
  ARNS,
  createEmulatorDatabase,
  dropEmulatorDatabase,
  emulatorClient,
  startTestEmulator,
  type TestEmulator,
} from '../helpers/data-api-server.js';

const UUID = '2b1c5f6e-1111-4222-8333-444455556666';

describe('Data API emulator: statements through the real SDK', () => {
  let server: TestEmulator;
  let client: RDSDataClient;
  let database: string;
  const run = (input: Omit<ExecuteStatementCommandInput, keyof typeof ARNS>) =>
    client.send(new ExecuteStatementCommand({ ...ARNS, database, ...input }));

  beforeAll(async () => {
    server = await startTestEmulator();
    client = emulatorClient(server.url);
  });
  afterAll(async () => {
    client.destroy();
    await server.close();
  });
  beforeEach(async () => {
    database = await createEmulatorDatabase(server.url, 'statements');
  });
  afterEach(() => dropEmulatorDatabase(server.url, database));

  it('returns records without metadata unless asked, and [] for no rows', async () => {
    // Prepare
    await run({
      sql: 'CREATE TABLE w (id int4 PRIMARY KEY, name varchar(20))',
    });
    // Act
    const plain = await run({ sql: 'SELECT id, name FROM w' });
    const withMeta = await run({
      sql: 'SELECT id, name FROM w',
      includeResultMetadata: true,
    });
    // Assert
    expect(plain.records).toEqual([]);
    expect(plain.columnMetadata).toBeUndefined();
    expect(plain.numberOfRecordsUpdated).toBe(0);
    expect(plain.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      withMeta.columnMetadata?.map((c) => [c.name, c.typeName, c.type]),
    ).toEqual([
      ['id', 'int4', 4],
      ['name', 'varchar', 12],
    ]);
  });

  it('encodes NULL, numbers, decimals, booleans, bytes, timestamps and arrays', async () => {
    // Prepare
    const sql = `SELECT NULL::text AS a, 7::int8 AS b, 1.50::numeric(6,2) AS c,
      true AS d, '\\x0102'::bytea AS e,
      '2021-03-10 22:41:04.000050+02'::timestamptz AS f,
      '{1,NULL,3}'::int4[] AS g, 2.5::float8 AS h, '{"k": 1}'::jsonb AS i`;
    // Act
    const result = await run({ sql });
    // Assert
    expect(result.records?.[0]).toEqual([
      { isNull: true },
      { longValue: 7 },
      { stringValue: '1.50' },
      { booleanValue: true },
      { blobValue: new Uint8Array([1, 2]) },
      { stringValue: '2021-03-10 20:41:04.00005' },
      { arrayValue: { longValues: [1, null, 3] } },
      { doubleValue: 2.5 },
      { stringValue: '{"k": 1}' },
    ]);
  });

  it('binds an un-hinted string as varchar, so a uuid column refuses it', async () => {
    // Prepare
    await run({ sql: 'CREATE TABLE u (id uuid, doc jsonb)' });
    const parameters = [{ name: 'id', value: { stringValue: UUID } }];
    // Act
    const failure = run({ sql: 'INSERT INTO u (id) VALUES (:id)', parameters });
    // Assert
    await expect(failure).rejects.toThrow(DatabaseErrorException);
    await expect(failure).rejects.toThrow(
      /^ERROR: column "id" is of type uuid but expression is of type character varying\n {2}Hint: .*\n {2}Position: \d+; SQLState: 42804$/,
    );
  });

  it('accepts a uuid with a type hint and jsonb with a cast or a JSON hint', async () => {
    // Prepare
    await run({ sql: 'CREATE TABLE u (id uuid, doc jsonb)' });
    const doc = { stringValue: '{"a":1}' };
    // Act
    const bare = await run({
      sql: 'INSERT INTO u (doc) VALUES (:doc)',
      parameters: [{ name: 'doc', value: doc }],
    }).catch((error: unknown) => error);
    await run({
      sql: 'INSERT INTO u (id, doc) VALUES (:id, :doc::jsonb)',
      parameters: [
        { name: 'id', value: { stringValue: UUID }, typeHint: 'UUID' },
        { name: 'doc', value: doc },
      ],
    });
    await run({
      sql: 'INSERT INTO u (doc) VALUES (:doc)',
      parameters: [{ name: 'doc', value: doc, typeHint: 'JSON' }],
    });
    const count = await run({ sql: 'SELECT count(*) FROM u' });
    // Assert
    expect(bare).toBeInstanceOf(DatabaseErrorException);
    expect(String(bare)).toMatch(/jsonb.*character varying.*42804/s);
    expect(count.records).toEqual([[{ longValue: 2 }]]);
  });

  it('writes big integers exactly on the wire and as strings on request', async () => {
    // Prepare
    const sql = 'SELECT 9223372036854775807::int8 AS big';
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

  it('returns RETURNING rows as records and counts plain inserts', async () => {
    // Prepare
    await run({ sql: 'CREATE TABLE s (id serial PRIMARY KEY, n int8)' });
    const parameters = [{ name: 'n', value: { longValue: 5 } }];
    // Act
    const plain = await run({
      sql: 'INSERT INTO s (n) VALUES (:n)',
      parameters,
    });
    const returning = await run({
      sql: 'INSERT INTO s (n) VALUES (:n) RETURNING id, n',
      parameters,
    });
    // Assert
    expect(plain.numberOfRecordsUpdated).toBe(1);
    expect(plain.generatedFields).toEqual([]);
    expect(returning.records).toEqual([[{ longValue: 2 }, { longValue: 5 }]]);
    expect(returning.numberOfRecordsUpdated).toBe(0);
  });

  it('formats records as JSON when asked', async () => {
    // Act
    const result = await run({
      sql: "SELECT 7 AS id, 'x' AS name, NULL::int AS gone, 1.5::numeric AS d",
      formatRecordsAs: 'JSON',
    });
    // Assert
    expect(result.records).toBeUndefined();
    expect(JSON.parse(result.formattedRecords ?? '')).toEqual([
      { id: 7, name: 'x', gone: null, d: '1.5' },
    ]);
  });

  it('returns one update result per parameter set in a batch', async () => {
    // Prepare
    await run({ sql: 'CREATE TABLE b (name text, qty int4)' });
    const set = (name: string, qty: number) => [
      { name: 'name', value: { stringValue: name } },
      { name: 'qty', value: { longValue: qty } },
    ];
    // Act
    const batch = await client.send(
      new BatchExecuteStatementCommand({
        ...ARNS,
        database,
        sql: 'INSERT INTO b (name, qty) VALUES (:name, :qty) RETURNING qty',
        parameterSets: [set('a', 1), set('b', 2), set('c', 3)],
      }),
    );
    const sum = await run({ sql: 'SELECT sum(qty)::int8 FROM b' });
    // Assert
    expect(batch.updateResults).toEqual([
      { generatedFields: [] },
      { generatedFields: [] },
      { generatedFields: [] },
    ]);
    expect(sum.records).toEqual([[{ longValue: 6 }]]);
  });

  it('reports a constraint violation with its detail and SQLState', async () => {
    // Prepare
    await run({ sql: 'CREATE TABLE k (email text UNIQUE)' });
    await run({ sql: "INSERT INTO k VALUES ('a@b.c')" });
    // Act
    const failure = run({ sql: "INSERT INTO k VALUES ('a@b.c')" });
    // Assert
    await expect(failure).rejects.toThrow(
      'ERROR: duplicate key value violates unique constraint "k_email_key"\n  Detail: Key (email)=(a@b.c) already exists.; SQLState: 23505',
    );
  });

  it('fails an unknown database and an unknown cluster ARN like the service', async () => {
    // Act
    const noDatabase = run({ sql: 'SELECT 1', database: 'no_such_db' });
    const noCluster = client.send(
      new ExecuteStatementCommand({
        ...ARNS,
        resourceArn: 'arn:aws:rds:us-east-1:123456789012:db:not-a-cluster',
        sql: 'SELECT 1',
      }),
    );
    // Assert
    await expect(noDatabase).rejects.toThrow(
      'FATAL: database "no_such_db" does not exist; SQLState: 3D000',
    );
    await expect(noCluster).rejects.toThrow(HttpEndpointNotEnabledException);
  });
});
