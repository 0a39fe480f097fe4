import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { handleAdmin } from './admin.js';
import type { Backend } from './backend.js';
import type { EmulatorContext } from './context.js';
import { DataApiError, type MysqlErrorStyle } from './errors.js';
import { FaultInjector, type FaultSettings } from './faults.js';
import { readBody, sendError, sendJson } from './http-io.js';
import { MysqlBackend } from './mysql-backend.js';
import { handleOperation, operationOf } from './operations.js';
import { PgliteBackend } from './pglite-backend.js';
import { PostgresBackend } from './postgres-backend.js';
import { StatementRunner } from './statement-runner.js';
import { TransactionRegistry } from './transactions.js';

/** Options of `startDataApiServer`; every member has a default. */
export interface DataApiServerOptions {
  /** `pglite` (default, in-process), `postgres` or `mysql` (need `url`). */
  readonly engine?: 'pglite' | 'postgres' | 'mysql';
  /** Server URL for `postgres`/`mysql` (their admin connection). */
  readonly url?: string;
  /** MySQL error wording (spec §5.3): `sqlstate` (default) or `v1`. */
  readonly mysqlErrorStyle?: MysqlErrorStyle;
  readonly host?: string; // default 127.0.0.1
  readonly port?: number; // default 8099; 0 picks a free port
  /**
   * Database used when a call omits `database` (default `postgres`; on
   * `mysql` none, so unqualified tables fail with "No database selected").
   */
  readonly defaultDatabase?: string;
  /** Exact resource ARN allow-list; default any `arn:aws:rds:*:*:cluster:*`. */
  readonly resourceArns?: readonly string[];
  /** Exact secret ARN allow-list; default any secret is accepted. */
  readonly secretArns?: readonly string[];
  readonly statementTimeoutMs?: number; // default 45 000 (spec §6)
  readonly transactionIdleTimeoutMs?: number; // default 180 000
  readonly transactionMaxLifetimeMs?: number; // default 24 h
  readonly maxResultBytes?: number; // default 1 MiB
  /** Faults active from the start (same shape as `POST /_admin/faults`). */
  readonly faults?: FaultSettings;
  /** Receives one line per unexpected error (default `console.error`). */
  readonly log?: (line: string) => void;
}

/** A running emulator. */
export interface DataApiServer {
  readonly url: string;
  close(): Promise<void>;
}

function createBackend(options: DataApiServerOptions, db: string): Backend {
  if (options.engine === 'pglite' || options.engine === undefined) {
    return new PgliteBackend(db);
  }
  if (!options.url) throw new Error(`engine ${options.engine} needs a url`);
  if (options.engine === 'mysql') {
    return new MysqlBackend(options.url, options.mysqlErrorStyle);
  }
  return new PostgresBackend(options.url);
}

async function respond(
  ctx: EmulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  log: (line: string) => void,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://local').pathname;
  const body = await readBody(req);
  if (body === null) {
    const message = 'Request size exceeds the 4 MiB limit';
    sendError(res, new DataApiError('BadRequestException', message));
    return;
  }
  const admin = /\/_admin\/(.*)$/.exec(path);
  if (admin) {
    const answer = await handleAdmin(
      ctx,
      req.method ?? 'GET',
      admin[1] ?? '',
      body,
    );
    sendJson(res, answer.status, JSON.stringify(answer.body));
    return;
  }
  const operation = operationOf(path);
  if (operation === undefined || req.method !== 'POST') {
    const message = `No operation at ${req.method} ${path}`;
    sendError(res, new DataApiError('UnknownOperationException', message));
    return;
  }
  try {
    sendJson(res, 200, await handleOperation(ctx, operation, body));
  } catch (error: unknown) {
    if (error instanceof DataApiError) {
      sendError(res, error);
      return;
    }
    log(`data-api emulator: ${operation} failed: ${String(error)}`);
    sendError(res, new DataApiError('InternalServerErrorException', ''));
  }
}

/**
 * Starts the Data API emulator on `host:port` and resolves once it listens.
 * @throws Error when the port is taken or the engine needs a missing url.
 */
export async function startDataApiServer(
  options: DataApiServerOptions = {},
): Promise<DataApiServer> {
  const defaultDatabase =
    options.defaultDatabase ?? (options.engine === 'mysql' ? '' : 'postgres');
  const backend = createBackend(options, defaultDatabase);
  try {
    await backend.ready();
  } catch (error: unknown) {
    await backend.close().catch(() => {});
    throw error;
  }
  const transactions = new TransactionRegistry(
    options.transactionIdleTimeoutMs ?? 180_000,
    options.transactionMaxLifetimeMs ?? 86_400_000,
  );
  const timeoutMs = options.statementTimeoutMs ?? 45_000;
  const faults = new FaultInjector();
  if (options.faults) faults.apply(options.faults);
  const latency = () => faults.delay();
  const ctx: EmulatorContext = {
    backend,
    transactions,
    runner: new StatementRunner(backend, transactions, timeoutMs, latency),
    faults,
    settings: {
      defaultDatabase,
      maxResultBytes: options.maxResultBytes ?? 1024 * 1024,
      resourceArns: options.resourceArns,
      secretArns: options.secretArns,
    },
  };
  const log = options.log ?? ((line: string) => console.error(line));
  const server = createServer((req, res) => {
    respond(ctx, req, res, log).catch((error: unknown) => {
      log(`data-api emulator: request failed: ${String(error)}`);
      if (!res.headersSent) sendJson(res, 500, '{}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8099, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('the emulator is not listening on a TCP port');
  }
  return {
    url: `http://${address.address}:${address.port}`,
    close: async () => {
      await transactions.closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.close();
    },
  };
}
