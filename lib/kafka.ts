import { Kafka, logLevel } from 'kafkajs';
import type { KafkaConfig } from './config.js';
import { type KafkaSecurity, resolveKafkaSecurity } from './kafka-auth.js';
import type { Logger } from './logging.js';
import {
  createSecretReader,
  type SecretReader,
  secretsManagerFetcher,
} from './secrets.js';

// kafkajs logs each retry of a connection as an error; the bridge reports the
// final failure itself, so kafkajs' own errors are warnings here.
const levelNames: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'warn',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * Build the kafkajs client once per cold start; its logs go to `logger`.
 * `security` (TLS, SASL) comes from {@link loadKafka}; plaintext without it.
 */
export function createKafka(
  config: KafkaConfig,
  logger: Logger,
  security: KafkaSecurity = { ssl: false, sasl: undefined },
): Kafka {
  return new Kafka({
    clientId: config.clientId,
    brokers: [...config.brokers],
    ssl: security.ssl,
    sasl: security.sasl,
    connectionTimeout: config.connectionTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    // Few, short retries: a broker that cannot be reached must fail the
    // invocation in seconds (DESIGN.md contract 6), not minutes.
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => {
      const { message, ...fields } = entry.log;
      logger[levelNames[entry.level] ?? 'info'](`kafkajs: ${message}`, {
        namespace: entry.namespace,
        ...fields,
      });
    },
  });
}

/**
 * A client factory for a handler's module scope: the first call reads the
 * auth secrets (Secrets Manager) and builds the client, later calls share
 * it. A failure is logged once per attempt and not cached, so the next
 * invocation tries again. @throws SecretError, KafkaAuthError
 */
export function loadKafka(
  config: KafkaConfig,
  logger: Logger,
  secrets: SecretReader = createSecretReader(
    secretsManagerFetcher({
      region: config.auth.region,
      endpoint: config.auth.secretsEndpoint,
    }),
  ),
): () => Promise<Kafka> {
  let loading: Promise<Kafka> | undefined;
  return () => {
    if (loading) return loading;
    const attempt = resolveKafkaSecurity(config.auth, secrets).then(
      (security) => createKafka(config, logger, security),
    );
    loading = attempt;
    attempt.catch((error: unknown) => {
      if (loading === attempt) loading = undefined;
      logger.error('Kafka connection settings unavailable', {
        mechanism: config.auth.mechanism,
        error,
      });
    });
    return attempt;
  };
}
