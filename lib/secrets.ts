import { AppError, importOnFirstUse } from './errors.js';

/** Reading a secret failed; `secretArn` names it, never its value. */
export class SecretError extends AppError {
  override readonly name = 'SecretError';
  readonly secretArn: string;
  readonly exceptionName: string;
  constructor(
    message: string,
    details: { secretArn: string; exceptionName: string; retriable: boolean },
    options?: ErrorOptions,
  ) {
    super(message, details.retriable, options);
    this.secretArn = details.secretArn;
    this.exceptionName = details.exceptionName;
  }
}

/** Reads secret strings; each ARN is fetched once per warm container. */
export interface SecretReader {
  /** @throws SecretError when Secrets Manager refuses or cannot be reached. */
  read(secretArn: string): Promise<string>;
}

/** Where Secrets Manager is: the region, or a local stand-in's endpoint. */
export interface SecretsLocation {
  readonly region: string;
  readonly endpoint: string | undefined;
}

/** GetSecretValue of one secret: its SecretString, if it has one. */
export type SecretFetcher = (secretArn: string) => Promise<string | undefined>;

/**
 * GetSecretValue through a Secrets Manager client for `location` (local
 * credentials locally). The SDK module is loaded and the client built on
 * the first fetch: most deployments read no secret, and the module is a
 * lazy file of its own in the bundle (local/build.ts), so their cold start
 * does not load it.
 */
export function secretsManagerFetcher(
  location: SecretsLocation,
): SecretFetcher {
  let loading: Promise<SecretFetcher> | undefined;
  const load = async (): Promise<SecretFetcher> => {
    const sdk = await importOnFirstUse(
      'the Secrets Manager client',
      () => import('@aws-sdk/client-secrets-manager'),
    );
    const client = new sdk.SecretsManagerClient({
      region: location.region,
      maxAttempts: 3,
      ...(location.endpoint && {
        endpoint: location.endpoint,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    });
    return async (secretArn) => {
      const command = new sdk.GetSecretValueCommand({ SecretId: secretArn });
      return (await client.send(command)).SecretString;
    };
  };
  return async (secretArn) => {
    loading ??= load();
    return (await loading)(secretArn);
  };
}

/**
 * A cached reader over GetSecretValue. A failed read is not cached, so the
 * next invocation tries again; `forget` drops a value after a rotation.
 */
export function createSecretReader(
  fetch: SecretFetcher,
): SecretReader & { forget(secretArn: string): void } {
  const cache = new Map<string, Promise<string>>();
  return {
    read(secretArn) {
      const cached = cache.get(secretArn);
      if (cached) return cached;
      const pending = fetchSecret(fetch, secretArn);
      cache.set(secretArn, pending);
      pending.catch(() => {
        if (cache.get(secretArn) === pending) cache.delete(secretArn);
      });
      return pending;
    },
    forget(secretArn) {
      cache.delete(secretArn);
    },
  };
}

// Refusals the caller must fix (permissions, a wrong ARN, the KMS key);
// anything else (throttling, 5xx, the network) may pass on a later try.
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
const PERMANENT = new Set([
  'AccessDeniedException',
  'ResourceNotFoundException',
  'DecryptionFailure',
  'InvalidParameterException',
  'InvalidRequestException',
  'UnrecognizedClientException',
]);

async function fetchSecret(
  fetch: SecretFetcher,
  secretArn: string,
): Promise<string> {
  let text: string | undefined;
  try {
    text = await fetch(secretArn);
  } catch (error: unknown) {
    const name = error instanceof Error ? error.name : 'Error';
    // The SDK's messages carry no secret values; they name the refusal.
    const reason = error instanceof Error ? error.message : String(error);
    throw new SecretError(
      `Could not read secret ${secretArn} (${name}): ${reason}`,
      {
        secretArn,
        exceptionName: name,
        // Our own errors (a lazy file missing) know whether a retry helps.
        retriable:
          error instanceof AppError ? error.retriable : !PERMANENT.has(name),
      },
      { cause: error },
    );
  }
  if (text === undefined) {
    throw new SecretError(
      `Secret ${secretArn} has no SecretString (binary secrets are not supported)`,
      { secretArn, exceptionName: 'NoSecretString', retriable: false },
    );
  }
  return text;
}
