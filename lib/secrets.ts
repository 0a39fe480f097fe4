import {
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { AppError } from './errors.js';

/** Reading a secret failed; `secretArn` names it, never its value. */
export class SecretError extends AppError {
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

/** A Secrets Manager client for `location` (local credentials locally). */
export function createSecretsManagerClient(
  location: SecretsLocation,
): SecretsManagerClient {
  return new SecretsManagerClient({
    region: location.region,
    maxAttempts: 3,
    ...(location.endpoint && {
      endpoint: location.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  });
}

/**
 * A cached reader over GetSecretValue. A failed read is not cached, so the
 * next invocation tries again; `forget` drops a value after a rotation.
 */
export function createSecretReader(
  client: SecretsManagerClient,
): SecretReader & { forget(secretArn: string): void } {
  const cache = new Map<string, Promise<string>>();
  return {
    read(secretArn) {
      const cached = cache.get(secretArn);
      if (cached) return cached;
      const pending = fetchSecret(client, secretArn);
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
  client: SecretsManagerClient,
  secretArn: string,
): Promise<string> {
  let text: string | undefined;
  try {
    const answer = await client.send(
      new GetSecretValueCommand({ SecretId: secretArn }),
    );
    text = answer.SecretString;
  } catch (error: unknown) {
    const name = error instanceof Error ? error.name : 'Error';
    // The SDK's messages carry no secret values; they name the refusal.
    const reason = error instanceof Error ? error.message : String(error);
    throw new SecretError(
      `Could not read secret ${secretArn} (${name}): ${reason}`,
      { secretArn, exceptionName: name, retriable: !PERMANENT.has(name) },
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
