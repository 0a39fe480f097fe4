import { randomBytes } from 'node:crypto';
import type { Session } from './backend.js';
import { DataApiError, databaseError } from './errors.js';

/** An open transaction pinned to one session (spec §7). */
export interface Transaction {
  readonly id: string;
  readonly resourceArn: string;
  readonly database: string;
  readonly session: Session;
  readonly createdAt: number;
  isBusy: boolean;
  idleTimer?: NodeJS.Timeout;
}

/** Causes appended to "not found" messages (spec §7, [Docs]). */
export const CAUSES = {
  expired: 'Transaction may be expired.',
  ended: 'One previous call resulted in a termination of your transaction.',
  aborted: 'Transaction has been aborted due to an error from a previous call.',
} as const;

const MAX_TOMBSTONES = 10000;

/** Open transactions by id, with idle expiry and a lifetime cap. */
export class TransactionRegistry {
  private readonly open = new Map<string, Transaction>();
  private readonly tombstones = new Map<string, string>();
  private readonly idleMs: number;
  private readonly lifetimeMs: number;

  constructor(idleMs: number, lifetimeMs: number) {
    this.idleMs = idleMs;
    this.lifetimeMs = lifetimeMs;
  }

  /** Registers a transaction already begun on `session`; returns its id. */
  begin(resourceArn: string, database: string, session: Session): string {
    // Opaque, random, 184 characters like the service's ids (spec §2.3).
    const id = randomBytes(138).toString('base64');
    const tx: Transaction = {
      id,
      resourceArn,
      database,
      session,
      createdAt: Date.now(),
      isBusy: false,
    };
    this.open.set(id, tx);
    this.armIdleTimer(tx);
    return id;
  }

  /**
   * Marks the transaction busy for one call.
   * @throws DataApiError `TransactionNotFoundException` (404) or
   * `DatabaseErrorException` "Transaction is still running a query".
   */
  claim(id: string, resourceArn: string): Transaction {
    const tx = this.open.get(id);
    if (tx === undefined || tx.resourceArn !== resourceArn) {
      throw this.notFound(id, this.tombstones.get(id) ?? CAUSES.expired);
    }
    if (tx.isBusy) throw databaseError('Transaction is still running a query');
    if (Date.now() - tx.createdAt > this.lifetimeMs) {
      this.finish(tx, 'ROLLBACK', CAUSES.expired).catch(() => {});
      throw this.notFound(id, CAUSES.expired);
    }
    clearTimeout(tx.idleTimer);
    tx.isBusy = true;
    return tx;
  }

  /** Ends one call on the transaction and restarts its idle timer. */
  settle(tx: Transaction): void {
    tx.isBusy = false;
    if (this.open.has(tx.id)) this.armIdleTimer(tx);
  }

  /** Rolls back and forgets the transaction after a failed call. */
  abort(tx: Transaction): Promise<void> {
    return this.finish(tx, 'ROLLBACK', CAUSES.aborted);
  }

  /** Commits or rolls back, releases the session and forgets the id. */
  async finish(
    tx: Transaction,
    sql: 'COMMIT' | 'ROLLBACK',
    cause: string = CAUSES.ended,
  ): Promise<void> {
    if (!this.open.delete(tx.id)) return;
    clearTimeout(tx.idleTimer);
    this.tombstones.set(tx.id, cause);
    if (this.tombstones.size > MAX_TOMBSTONES) {
      const oldest = this.tombstones.keys().next().value;
      if (oldest !== undefined) this.tombstones.delete(oldest);
    }
    try {
      await tx.session.query(sql, []);
    } finally {
      await tx.session.release();
    }
  }

  /** The not-found error for an id, with its cause. */
  notFound(id: string, cause: string): DataApiError {
    return new DataApiError(
      'TransactionNotFoundException',
      `Transaction ${id} is not found. ${cause}`,
    );
  }

  /** Rolls back every open transaction (server shutdown). */
  async closeAll(): Promise<void> {
    const all = [...this.open.values()];
    await Promise.allSettled(all.map((tx) => this.finish(tx, 'ROLLBACK')));
  }

  /** Number of open transactions. */
  get size(): number {
    return this.open.size;
  }

  private armIdleTimer(tx: Transaction): void {
    clearTimeout(tx.idleTimer);
    tx.idleTimer = setTimeout(() => {
      if (tx.isBusy) return;
      this.finish(tx, 'ROLLBACK', CAUSES.expired).catch(() => {});
    }, this.idleMs);
    tx.idleTimer.unref();
  }
}
