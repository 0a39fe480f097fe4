import type { EmulatorContext } from './context.js';
import { toDataApiError } from './errors.js';
import type { BeginRequest, EndRequest } from './request-validation.js';
import { stringifyWire } from './wire-json.js';

/** BeginTransaction (spec §2.3): pins a session and starts a transaction. */
export async function beginTransaction(
  ctx: EmulatorContext,
  request: BeginRequest,
): Promise<string> {
  const database = request.database ?? ctx.settings.defaultDatabase;
  let session: Awaited<ReturnType<typeof ctx.backend.acquire>>;
  try {
    session = await ctx.backend.acquire(database);
  } catch (error: unknown) {
    throw toDataApiError(error);
  }
  try {
    await session.query('BEGIN', []);
  } catch (error: unknown) {
    await session.release();
    throw toDataApiError(error);
  }
  const id = ctx.transactions.begin(request.resourceArn, database, session);
  return stringifyWire({ transactionId: id });
}

async function endTransaction(
  ctx: EmulatorContext,
  request: EndRequest,
  sql: 'COMMIT' | 'ROLLBACK',
): Promise<void> {
  const tx = ctx.transactions.claim(request.transactionId, request.resourceArn);
  try {
    await ctx.transactions.finish(tx, sql);
  } catch (error: unknown) {
    throw toDataApiError(error);
  }
}

/** CommitTransaction (spec §2.4). */
export async function commitTransaction(
  ctx: EmulatorContext,
  request: EndRequest,
): Promise<string> {
  await endTransaction(ctx, request, 'COMMIT');
  return stringifyWire({ transactionStatus: 'Transaction Committed' });
}

/** RollbackTransaction (spec §2.5). */
export async function rollbackTransaction(
  ctx: EmulatorContext,
  request: EndRequest,
): Promise<string> {
  await endTransaction(ctx, request, 'ROLLBACK');
  return stringifyWire({ transactionStatus: 'Rollback Complete' });
}
