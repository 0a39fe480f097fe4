import type { Kafka } from 'kafkajs';
import { type Config, loadConfig } from '../lib/config.js';
import { createDataApi, type DataApi } from '../lib/data-api.js';
import { loadKafka } from '../lib/kafka.js';
import { createLogger, type Logger } from '../lib/logging.js';
import { localEnv } from '../local/local-env.js';
import { type Sink, toJson } from './output.js';

/** What every command gets: flags, output streams and lazy clients. */
export interface CliContext {
  readonly isJson: boolean;
  readonly isLocal: boolean;
  readonly isQuiet: boolean;
  readonly stdout: Sink;
  readonly stderr: Sink;
  /** The bridge's config, loaded once. @throws ConfigError */
  config(): Config;
  logger(): Logger;
  /** The Kafka client (auth secrets read once). @throws ConfigError */
  kafka(): Promise<Kafka>;
  /** The Data API client. @throws ConfigError */
  db(): DataApi;
  /** Print `json` with --json, else the human `text`. */
  print(text: string, json: unknown): void;
  /** A command to suggest, with --local when this one ran with it. */
  commandLine(args: string): string;
}

/** The environment the bridge config is read from. */
export function cliEnv(
  isLocal: boolean,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  // --local lays the local defaults under the environment, like the local
  // scripts do: any variable the user set still wins.
  return isLocal ? localEnv({ CONFIG_FILE: 'none', ...env }) : { ...env };
}

/** Build the context; nothing connects until a command asks. */
export function createContext(
  flags: {
    isJson: boolean;
    isLocal: boolean;
    isQuiet: boolean;
    isVerbose: boolean;
  },
  env: Readonly<Record<string, string | undefined>>,
  streams: { stdout: Sink; stderr: Sink },
): CliContext {
  let config: Config | undefined;
  let logger: Logger | undefined;
  let kafka: (() => Promise<Kafka>) | undefined;
  let db: DataApi | undefined;
  const context: CliContext = {
    ...flags,
    ...streams,
    commandLine: (args) =>
      `instalite-bridge ${args}${flags.isLocal ? ' --local' : ''}`,
    config: () => {
      config ??= loadConfig(cliEnv(flags.isLocal, env));
      return config;
    },
    logger: () => {
      const { logLevel, siteId } = context.config();
      // Bridge logs are for --verbose only, and never on stdout.
      const sink = flags.isVerbose
        ? (line: string) => streams.stderr.write(`${line}\n`)
        : () => undefined;
      logger ??= createLogger({ tool: 'cli', siteId }, logLevel, sink);
      return logger;
    },
    kafka: () => {
      kafka ??= loadKafka(context.config().kafka, context.logger());
      return kafka();
    },
    db: () => {
      // A CLI waits less than a Lambda for an answer; the deployed window
      // still covers most of an Aurora resume.
      const windowMs = flags.isLocal ? 5000 : 30_000;
      db ??= createDataApi(
        context.config().database,
        context.logger(),
        windowMs,
      );
      return db;
    },
    print: (text, json) => {
      streams.stdout.write(`${flags.isJson ? toJson(json) : text}\n`);
    },
  };
  return context;
}
