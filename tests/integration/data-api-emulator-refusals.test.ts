import {
  BadRequestException,
  ExecuteStatementCommand,
  type ExecuteStatementCommandInput,
  type RDSDataClient,
} from '@aws-sdk/client-rds-data';
import {
  ARNS,
  emulatorClient,
  startTestEmulator,
  type TestEmulator,
} from '../helpers/data-api-server.js';

// Refused requests never reach a database: the default one is enough.
describe('Data API emulator: requests the v2 service refuses', () => {
  let server: TestEmulator;
  let client: RDSDataClient;
  const run = (input: Omit<ExecuteStatementCommandInput, keyof typeof ARNS>) =>
    client
      .send(new ExecuteStatementCommand({ ...ARNS, ...input }))
      .catch((error: unknown) => error);
  const post = (path: string, body: string) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });

  beforeAll(async () => {
    server = await startTestEmulator();
    client = emulatorClient(server.url);
  });
  afterAll(async () => {
    client.destroy();
    await server.close();
  });

  it.each([
    [
      'several statements',
      { sql: 'SELECT 1; SELECT 2' },
      "Multistatements aren't supported.",
    ],
    [
      'the schema member',
      { sql: 'SELECT 1', schema: 'public' },
      "The schema parameter isn't supported",
    ],
    [
      'an array parameter',
      {
        sql: 'SELECT :a',
        parameters: [{ name: 'a', value: { arrayValue: { longValues: [1] } } }],
      },
      'Array parameters are not supported',
    ],
  ])('refuses %s with a ValidationException', async (_what, input, message) => {
    // Act
    const failure = await run(input);
    // Assert
    expect(failure).toBeInstanceOf(Error);
    expect(Reflect.get(Object(failure), 'name')).toBe('ValidationException');
    expect(String(failure)).toContain(message);
  });

  it('accepts one trailing semicolon and a semicolon inside a string', async () => {
    // Act
    const result = await run({ sql: "SELECT ';' AS s; -- done" });
    // Assert
    expect(Reflect.get(Object(result), 'records')).toEqual([
      [{ stringValue: ';' }],
    ]);
  });

  it('names a missing parameter and ignores casts and quoted colons', async () => {
    // Act
    const failure = await run({
      sql: "SELECT :given::text, ':nope', :missing",
      parameters: [{ name: 'given', value: { stringValue: 'x' } }],
    });
    // Assert
    expect(failure).toBeInstanceOf(BadRequestException);
    expect(String(failure)).toContain('Cannot find parameter: missing');
  });

  it('refuses ExecuteSql and oversized requests with a 400 and a request id', async () => {
    // Prepare
    const huge = JSON.stringify({
      ...ARNS,
      sql: `SELECT '${'x'.repeat(4_200_000)}'`,
    });
    // Act
    const executeSql = await post('/ExecuteSql', '{}');
    const oversized = await post('/Execute', huge);
    // Assert
    expect(executeSql.status).toBe(400);
    expect(executeSql.headers.get('x-amzn-errortype')).toMatch(
      /^BadRequestException:/,
    );
    expect(executeSql.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(oversized.status).toBe(400);
    expect(await oversized.json()).toEqual({
      message: expect.stringContaining('4 MiB'),
    });
  });
});
