import {
  DatabaseErrorException,
  ExecuteStatementCommand,
  type ExecuteStatementCommandInput,
  HttpEndpointNotEnabledException,
  type RDSDataClient,
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

describe('Data API emulator: statements through the real SDK', () => {
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
    database = await createEmulatorDatabase(server.url, 'statements');
  });
  afterEach(() => dropEmulatorDatabase(server.url, database));

  it('answers one member per Field on the wire, NULL as isNull', async () => {
    // Act
    const response = await fetch(`${server.url}/Execute`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...ARNS,
        database,
        sql: "SELECT NULL AS a, 1 AS b, 'x' AS c",
      }),
    });
    const body: unknown = await response.json();
    // Assert
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(body).toEqual({
      records: [[{ isNull: true }, { longValue: 1 }, { stringValue: 'x' }]],
      numberOfRecordsUpdated: 0,
    });
  });

  it('reports a constraint violation with the engine text and SQLState', async () => {
    // Prepare
    await run({ sql: 'CREATE TABLE k (email varchar(50) UNIQUE)' });
    await run({ sql: "INSERT INTO k VALUES ('a@b.c')" });
    // Act
    const failure = await failureOf({ sql: "INSERT INTO k VALUES ('a@b.c')" });
    // Assert
    expect(failure).toBeInstanceOf(DatabaseErrorException);
    expect(String(failure)).toMatch(
      byEngine({
        pg: /: ERROR: duplicate key value violates unique constraint "k_email_key"\n {2}Detail: Key \(email\)=\(a@b\.c\) already exists\.; SQLState: 23505$/,
        // MySQL 8 names the key `k.email`, MariaDB `email`.
        mysql:
          /: Duplicate entry 'a@b\.c' for key '(k\.)?email'; SQLState: 23000$/,
      }),
    );
  });

  it('fails an unknown database and an unknown cluster ARN like the service', async () => {
    // Act
    const noDatabase = await failureOf({ sql: 'SELECT 1', database: 'nodb' });
    const noCluster = await client
      .send(
        new ExecuteStatementCommand({
          ...ARNS,
          resourceArn: 'arn:aws:rds:us-east-1:123456789012:db:not-a-cluster',
          sql: 'SELECT 1',
        }),
      )
      .catch((error: unknown) => error);
    // Assert
    expect(noDatabase).toBeInstanceOf(DatabaseErrorException);
    expect(String(noDatabase)).toContain(
      byEngine({
        pg: 'FATAL: database "nodb" does not exist; SQLState: 3D000',
        mysql: "Unknown database 'nodb'; SQLState: 42000",
      }),
    );
    expect(noCluster).toBeInstanceOf(HttpEndpointNotEnabledException);
  });

  it('uses the default database when none is named (none on MySQL)', async () => {
    // Act
    const failure = await client
      .send(
        new ExecuteStatementCommand({
          ...ARNS,
          sql: 'SELECT count(*) FROM nowhere_table',
        }),
      )
      .catch((error: unknown) => error);
    // Assert
    expect(String(failure)).toContain(
      byEngine({
        pg: 'relation "nowhere_table" does not exist',
        mysql: 'No database selected; SQLState: 3D000',
      }),
    );
  });

  it('binds a repeated name everywhere and ignores extra parameters', async () => {
    // Act
    const result = await run({
      sql: 'SELECT :a AS x, :a AS y',
      parameters: [
        { name: 'a', value: { stringValue: "it's" } },
        { name: 'unused', value: { longValue: 1 } },
      ],
    });
    // Assert
    expect(result.records).toEqual([
      [{ stringValue: "it's" }, { stringValue: "it's" }],
    ]);
  });

  it('refuses an ISO-8601 string with a TIMESTAMP hint (no T or Z)', async () => {
    // Act
    const failure = await failureOf({
      sql: 'SELECT :t AS t',
      parameters: [
        {
          name: 't',
          value: { stringValue: '2024-05-01T09:30:00.000Z' },
          typeHint: 'TIMESTAMP',
        },
      ],
    });
    // Assert
    expect(Reflect.get(Object(failure), 'name')).toBe('ValidationException');
  });
});
