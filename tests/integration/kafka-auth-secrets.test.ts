import {
  createSecretReader,
  SecretError,
  secretsManagerFetcher,
} from '../../lib/secrets.js';
import { uid } from '../helpers/integration.js';
import {
  type SecretsManagerStub,
  startSecretsManagerStub,
} from '../helpers/secrets-manager-stub-server.js';

// The real @aws-sdk/client-secrets-manager client, pointed at a local
// stand-in for Secrets Manager (the only part that cannot run here).
let stub: SecretsManagerStub;
beforeAll(async () => {
  stub = await startSecretsManagerStub();
});
afterAll(() => stub.close());

const arnOf = (name: string) =>
  `arn:aws:secretsmanager:us-east-1:000000000000:secret:${name}-${uid()}`;
const readerFor = () =>
  createSecretReader(
    secretsManagerFetcher({
      region: 'us-east-1',
      endpoint: stub.endpoint,
    }),
  );

async function failureOf(work: Promise<unknown>): Promise<SecretError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SecretError)) throw new Error(`got ${error}`);
  return error;
}

describe('secret reader (Secrets Manager GetSecretValue)', () => {
  it('reads a secret once per warm container', async () => {
    // Prepare
    const arn = arnOf('kafka');
    stub.put(arn, '{"username":"u","password":"p"}');
    const reader = readerFor();
    // Act
    const first = await reader.read(arn);
    const second = await reader.read(arn);
    // Assert
    expect(first).toBe('{"username":"u","password":"p"}');
    expect(second).toBe(first);
    expect(stub.requests.filter((id) => id === arn)).toHaveLength(1);
  });

  it('names a missing secret and does not retry it', async () => {
    // Prepare
    const arn = arnOf('missing');
    // Act
    const error = await failureOf(readerFor().read(arn));
    // Assert
    expect(error.exceptionName).toBe('ResourceNotFoundException');
    expect(error.secretArn).toBe(arn);
    expect(error.message).toContain(arn);
    expect(error.retriable).toBe(false);
  });

  it('marks a denied read as not retriable', async () => {
    // Prepare
    const arn = arnOf('denied');
    stub.refuse(arn, 'AccessDeniedException');
    // Act
    const error = await failureOf(readerFor().read(arn));
    // Assert
    expect(error.exceptionName).toBe('AccessDeniedException');
    expect(error.retriable).toBe(false);
  });

  it('does not cache a failed read: the next call tries again', async () => {
    // Prepare
    const arn = arnOf('flaky');
    stub.refuse(arn, 'InternalServiceError', 500);
    const reader = readerFor();
    // Act
    const error = await failureOf(reader.read(arn));
    stub.put(arn, 'now-there');
    const value = await reader.read(arn);
    // Assert
    expect(error.retriable).toBe(true);
    expect(value).toBe('now-there');
  });

  it('reads a rotated value after forget', async () => {
    // Prepare
    const arn = arnOf('rotated');
    stub.put(arn, 'old');
    const reader = readerFor();
    await reader.read(arn);
    stub.put(arn, 'new');
    // Act
    const cached = await reader.read(arn);
    reader.forget(arn);
    const fresh = await reader.read(arn);
    // Assert
    expect(cached).toBe('old');
    expect(fresh).toBe('new');
  });
});
