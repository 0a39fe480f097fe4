import type { Dialect, Session } from './backend.js';
import type { EmulatorContext } from './context.js';
import { databaseError, toDataApiError, validationError } from './errors.js';
import type { SqlParam } from './parameters.js';
import type { BatchRequest, ExecuteRequest } from './request-validation.js';
import { encodeExecuteResponse, generatedFieldsOf } from './result-encoding.js';
import { type ScannedSql, scanSql } from './sql-tokenizer.js';
import type { SessionWork } from './statement-runner.js';
import { stringifyWire } from './wire-json.js';

function scanSingle(dialect: Dialect, sql: string): ScannedSql {
  const scanned = scanSql(sql, dialect.isMysql);
  // v2 refuses several statements; one trailing `;` is fine (spec §4).
  if (scanned.statementCount > 1) {
    throw validationError("Multistatements aren't supported.");
  }
  dialect.check(scanned);
  return scanned;
}

async function runBound(
  dialect: Dialect,
  session: Session,
  scanned: ScannedSql,
  params: readonly SqlParam[],
) {
  const bound = dialect.bind(scanned, params);
  try {
    return await session.query(bound.text, bound.values);
  } catch (error: unknown) {
    throw toDataApiError(error, bound.mapPosition);
  }
}

/** Runs work in the call's transaction, or auto-committed on `database`. */
export function runCall<T>(
  ctx: EmulatorContext,
  request: {
    resourceArn: string;
    database?: string;
    transactionId?: string;
  },
  work: SessionWork<T>,
  continueAfterTimeout = false,
): Promise<T> {
  if (request.transactionId === undefined) {
    const database = request.database ?? ctx.settings.defaultDatabase;
    return ctx.runner.autocommit(database, work, continueAfterTimeout);
  }
  const tx = ctx.transactions.claim(request.transactionId, request.resourceArn);
  if (request.database !== undefined && request.database !== tx.database) {
    ctx.transactions.settle(tx);
    throw validationError(
      `The database ${request.database} doesn't match the transaction's database ${tx.database}`,
    );
  }
  return ctx.runner.inTransaction(tx, work, continueAfterTimeout);
}

/** ExecuteStatement (spec §2.1); returns the response body text. */
export async function executeStatement(
  ctx: EmulatorContext,
  request: ExecuteRequest,
): Promise<string> {
  const dialect = ctx.backend.dialect;
  const scanned = scanSingle(dialect, request.sql);
  dialect.bind(scanned, request.parameters); // parameter errors before I/O
  return runCall(
    ctx,
    request,
    async (session) => {
      const result = await runBound(
        dialect,
        session,
        scanned,
        request.parameters,
      );
      return encodeExecuteResponse(
        result,
        request,
        ctx.settings.maxResultBytes,
      );
    },
    request.continueAfterTimeout,
  );
}

/** BatchExecuteStatement (spec §2.2); RETURNING rows are discarded. */
export async function batchExecuteStatement(
  ctx: EmulatorContext,
  request: BatchRequest,
): Promise<string> {
  const dialect = ctx.backend.dialect;
  const scanned = scanSingle(dialect, request.sql);
  for (const set of request.parameterSets) dialect.bind(scanned, set);
  if (request.parameterSets.length === 0) {
    return stringifyWire({ updateResults: [] });
  }
  const isAutocommit = request.transactionId === undefined;
  return runCall(ctx, request, async (session) => {
    // All-or-nothing outside a transaction; release rolls back on failure.
    if (isAutocommit) await session.query('BEGIN', []);
    const updateResults = [];
    for (const set of request.parameterSets) {
      const result = await runBound(dialect, session, scanned, set);
      // JDBC's executeBatch refuses statements that return rows; PostgreSQL
      // RETURNING rows are discarded (spec §2.2).
      if (result.hasResultSet && !/\breturning\b/i.test(scanned.code)) {
        throw databaseError(dialect.batchResultMessage);
      }
      updateResults.push({ generatedFields: generatedFieldsOf(result) });
    }
    if (isAutocommit) await session.query('COMMIT', []);
    return stringifyWire({ updateResults });
  });
}
