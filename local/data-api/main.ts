import { parseArgs } from 'node:util';
import type { FaultSettings } from './faults.js';
import { startDataApiServer } from './server.js';

const USAGE = `Usage: npx tsx local/data-api/main.ts [options]
  --engine pglite|postgres|mysql  database engine (default pglite)
  --url URL                    server URL: postgres://user:pw@host:port/db
                               (or LOCAL_PG_URL), mysql://user:pw@host:port/
                               (or LOCAL_MYSQL_URL)
  --mysql-error-style S        sqlstate (default: "<text>; SQLState: X") or
                               v1 ("Database error code: N. Message: …")
  --host HOST --port PORT      listen address (default 127.0.0.1:8099)
  --default-database NAME      database when a call names none (default
                               postgres; mysql: none)
  --resource-arn ARN           allowed resource ARN (repeatable)
  --secret-arn ARN             allowed secret ARN (repeatable)
  --statement-timeout-ms N     call timeout (default 45000)
  --transaction-idle-ms N      transaction idle expiry (default 180000)
  --latency-ms N               added latency per call
  --error-rate P               random fault probability (0-1)
  --error-exception NAME       exception for --error-rate (default 500)
  --auto-pause-idle-ms N       simulate auto-pause after N ms idle
  --auto-pause-resume-ms N     resume delay (default 5000)`;

function int(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) {
    throw new Error(`${flag} must be a non-negative number, got ${value}`);
  }
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      engine: { type: 'string', default: 'pglite' },
      url: { type: 'string' },
      'mysql-error-style': { type: 'string', default: 'sqlstate' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8099' },
      'default-database': { type: 'string' },
      'resource-arn': { type: 'string', multiple: true },
      'secret-arn': { type: 'string', multiple: true },
      'statement-timeout-ms': { type: 'string' },
      'transaction-idle-ms': { type: 'string' },
      'latency-ms': { type: 'string' },
      'error-rate': { type: 'string' },
      'error-exception': { type: 'string' },
      'auto-pause-idle-ms': { type: 'string' },
      'auto-pause-resume-ms': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const engine = values.engine;
  if (engine !== 'pglite' && engine !== 'postgres' && engine !== 'mysql') {
    throw new Error(`--engine must be pglite, postgres or mysql: ${engine}`);
  }
  const style = values['mysql-error-style'];
  if (style !== 'sqlstate' && style !== 'v1') {
    throw new Error(`--mysql-error-style must be sqlstate or v1: ${style}`);
  }
  const envUrl =
    engine === 'mysql' ? process.env.LOCAL_MYSQL_URL : process.env.LOCAL_PG_URL;
  const url = engine === 'pglite' ? undefined : (values.url ?? envUrl);
  if (engine !== 'pglite' && !url) {
    const variable = engine === 'mysql' ? 'LOCAL_MYSQL_URL' : 'LOCAL_PG_URL';
    throw new Error(`--engine ${engine} needs --url (or ${variable})`);
  }
  const idle = int(values['auto-pause-idle-ms'], '--auto-pause-idle-ms');
  const errorRate = int(values['error-rate'], '--error-rate');
  const faults: FaultSettings = {
    latencyMs: int(values['latency-ms'], '--latency-ms'),
    errorRate,
    exception: errorRate === undefined ? undefined : values['error-exception'],
    autoPause:
      idle === undefined
        ? undefined
        : {
            idleMs: idle,
            resumeMs:
              int(values['auto-pause-resume-ms'], '--auto-pause-resume-ms') ??
              5000,
          },
  };
  const server = await startDataApiServer({
    engine,
    url,
    mysqlErrorStyle: style,
    host: values.host,
    port: int(values.port, '--port'),
    defaultDatabase: values['default-database'],
    resourceArns: values['resource-arn'],
    secretArns: values['secret-arn'],
    statementTimeoutMs: int(
      values['statement-timeout-ms'],
      '--statement-timeout-ms',
    ),
    transactionIdleTimeoutMs: int(
      values['transaction-idle-ms'],
      '--transaction-idle-ms',
    ),
    faults,
  });
  console.log(`data-api emulator (${engine}) listening on ${server.url}`);
  const stop = (signal: string): void => {
    console.log(`data-api emulator: ${signal}, shutting down`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`data-api emulator: shutdown failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(
    `data-api emulator: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
