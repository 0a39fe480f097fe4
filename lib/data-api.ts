import {
  ExecuteStatementCommand,
  type Field,
  RDSDataClient,
  type SqlParameter,
} from '@aws-sdk/client-rds-data';
import type { DatabaseConfig } from './config.js';
import {
  backoffMs,
  classifyFailure,
  toDatabaseError,
  UNREACHABLE_ATTEMPTS,
} from './data-api-errors.js';
import type { Logger } from './logging.js';
import type { Usage } from './metrics.js';

/** A value bound to a named SQL parameter. */
export type ParamValue = string | number | boolean | null;

/** One result row: column values as the Data API returns them. */
export type Row = readonly (string | number | boolean | null)[];

/** A named SQL statement with its text; the name appears in errors and logs. */
export interface Statement {
  readonly name: string;
  readonly sql: string;
  /**
   * Running it twice has the effect of running it once (insert-if-absent,
   * reads): only then is it sent again after a statement timeout.
   */
  readonly isIdempotent?: boolean;
}

/** Options for one call: stop retrying at `deadline`, `onWait` while waiting. */
export interface CallOptions {
  readonly deadline?: number;
  readonly onWait?: () => Promise<void>;
  /**
   * Called before an idempotent statement is re-sent after a statement
   * timeout: the first attempt may have run, so what the retry returns
   * (RETURNING rows) may not be all the statement did.
   */
  readonly onAmbiguous?: () => void;
}

/** Typed Data API client for one database. */
export interface DataApi {
  /**
   * Run one statement; retries resuming/transient failures until deadline.
   * @throws DatabaseError naming the statement and SQLState.
   */
  query(
    statement: Statement,
    params?: Readonly<Record<string, ParamValue>>,
    options?: CallOptions,
  ): Promise<Row[]>;
  /** Count of calls made, retries included (for run stats and benchmarks). */
  readonly callCount: () => number;
  /** Count of failed calls sent again after a backoff (for metrics). */
  readonly retryCount: () => number;
  /** The engine behind it, so callers pick their SQL dialect; never used here. */
  readonly engine: DatabaseConfig['engine'];
}

/** Build SqlParameters; integers as longValue, the rest by JS type. */
export function toSqlParameters(
  params: Readonly<Record<string, ParamValue>>,
): SqlParameter[] {
  return Object.entries(params).map(([name, value]) => ({
    name,
    value: toField(value),
  }));
}

function toField(value: ParamValue): Field {
  if (value === null) return { isNull: true };
  if (typeof value === 'boolean') return { booleanValue: value };
  if (typeof value === 'number') {
    return Number.isSafeInteger(value)
      ? { longValue: value }
      : { doubleValue: value };
  }
  return { stringValue: value };
}

/** Convert a result Field to a plain value. */
export function fromField(field: Field): string | number | boolean | null {
  if (field.isNull) return null;
  if (field.stringValue !== undefined) return field.stringValue;
  if (field.longValue !== undefined) return field.longValue;
  if (field.doubleValue !== undefined) return field.doubleValue;
  if (field.booleanValue !== undefined) return field.booleanValue;
  if (field.blobValue !== undefined) {
    return Buffer.from(field.blobValue).toString('base64');
  }
  return null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long a call without a deadline keeps retrying. */
export const DEFAULT_RETRY_WINDOW_MS = 60_000;

/** Create the Data API client once per cold start. */
export function createDataApi(
  config: DatabaseConfig,
  logger: Logger,
  retryWindowMs = DEFAULT_RETRY_WINDOW_MS,
): DataApi {
  const client = new RDSDataClient({
    region: config.region,
    ...(config.endpoint && {
      endpoint: config.endpoint,
      // The local emulator ignores signatures; the SDK still needs some.
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  });
  let calls = 0;
  let retries = 0;
  const send = async (
    statement: Statement,
    params: Readonly<Record<string, ParamValue>>,
  ) => {
    calls += 1;
    const out = await client.send(
      new ExecuteStatementCommand({
        resourceArn: config.resourceArn,
        secretArn: config.secretArn,
        database: config.name,
        sql: statement.sql,
        parameters: toSqlParameters(params),
      }),
    );
    return (out.records ?? []).map((r) => r.map(fromField));
  };
  const query: DataApi['query'] = async (
    statement,
    params = {},
    options = {},
  ) => {
    // Fixed once per call: a window recomputed per attempt would slide and
    // retry an unreachable endpoint for ever.
    const deadline = options.deadline ?? Date.now() + retryWindowMs;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await send(statement, params);
      } catch (error: unknown) {
        const failure = classifyFailure(error);
        const wait = backoffMs(failure, attempt);
        const isRetryable =
          failure === 'ambiguous'
            ? statement.isIdempotent === true
            : failure === 'unreachable'
              ? attempt < UNREACHABLE_ATTEMPTS
              : failure !== 'permanent';
        if (!isRetryable || Date.now() + wait > deadline) {
          throw toDatabaseError(error, statement.name, statement.isIdempotent);
        }
        if (failure === 'ambiguous') options.onAmbiguous?.();
        logger.warn('Data API call failed; retrying', {
          statement: statement.name,
          failure,
          attempt,
          waitMs: wait,
          exception: error instanceof Error ? error.name : String(error),
          errorMessage: error instanceof Error ? error.message : undefined,
          code:
            typeof error === 'object' && error !== null
              ? Reflect.get(error, 'code')
              : undefined,
        });
        retries += 1;
        await waitWhile(wait, options.onWait);
      }
    }
  };
  return {
    query,
    callCount: () => calls,
    retryCount: () => retries,
    engine: config.engine,
  };
}

/** Sleep `ms`, calling `onWait` about every 2 s (keeps a consumer alive). */
async function waitWhile(
  ms: number,
  onWait?: () => Promise<void>,
): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    await sleep(Math.min(2000, end - Date.now()));
    await onWait?.();
  }
}

/**
 * Start measuring an invocation: the returned function gives the time, Data
 * API calls and retries since this call (one invocation at a time, as in
 * Lambda).
 */
export function meterUsage(
  db: Pick<DataApi, 'callCount' | 'retryCount'>,
): () => Usage {
  const startedAt = Date.now();
  const calls = db.callCount();
  const retries = db.retryCount();
  return () => ({
    durationMs: Date.now() - startedAt,
    dataApiCalls: db.callCount() - calls,
    dataApiRetries: db.retryCount() - retries,
  });
}
