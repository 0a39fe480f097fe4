import type { Backend, Session } from './backend.js';
import { DataApiError, toDataApiError } from './errors.js';
import type { Transaction, TransactionRegistry } from './transactions.js';

/** Work done on one session during one call. */
export type SessionWork<T> = (session: Session) => Promise<T>;

type Outcome<T> = { value: T } | { error: unknown } | 'timeout';

function timeoutError(pid: number): DataApiError {
  return new DataApiError('StatementTimeoutException', 'Request timed out', {
    dbConnectionId: pid,
  });
}

/**
 * Runs call work on a session under the statement timeout (spec §6): on
 * expiry the statement is cancelled (unless `continueAfterTimeout`) and the
 * call fails with `StatementTimeoutException`; the session is only released
 * or rolled back once the work has really settled.
 */
export class StatementRunner {
  private readonly backend: Backend;
  private readonly transactions: TransactionRegistry;
  private readonly timeoutMs: number;
  private readonly latency: () => Promise<void>;

  constructor(
    backend: Backend,
    txs: TransactionRegistry,
    timeoutMs: number,
    latency: () => Promise<void>,
  ) {
    this.backend = backend;
    this.transactions = txs;
    this.timeoutMs = timeoutMs;
    this.latency = latency;
  }

  /** Auto-commit call: acquire, run, reset and release (spec §8). */
  async autocommit<T>(
    database: string,
    work: SessionWork<T>,
    continueAfterTimeout = false,
  ): Promise<T> {
    // Injected latency stands for the network and the service in front of
    // the database, so an auto-commit call waits before it takes a session:
    // concurrent calls overlap their latency, as they do in production.
    await this.latency();
    const started = Date.now();
    const acquiring = this.backend.acquire(database);
    const acquired = await this.race(acquiring, this.timeoutMs);
    if (acquired === 'timeout') {
      acquiring.then((s) => s.release()).catch(() => {});
      throw timeoutError(0);
    }
    if ('error' in acquired) throw toDataApiError(acquired.error);
    const session = acquired.value;
    const running = work(session);
    const settled = running.then(
      () => undefined,
      () => undefined,
    );
    try {
      return await this.finish(session, running, started, continueAfterTimeout);
    } finally {
      const releasing = settled.then(() => session.release());
      releasing.catch(() => {});
      if (!continueAfterTimeout) await releasing.catch(() => {});
    }
  }

  /** Call inside a claimed transaction; any failure aborts it (spec §7). */
  async inTransaction<T>(
    tx: Transaction,
    work: SessionWork<T>,
    continueAfterTimeout = false,
  ): Promise<T> {
    const running = this.latency().then(() => work(tx.session));
    try {
      const value = await this.finish(
        tx.session,
        running,
        Date.now(),
        continueAfterTimeout,
      );
      this.transactions.settle(tx);
      return value;
    } catch (error: unknown) {
      const abort = running
        .catch(() => undefined)
        .then(() => this.transactions.abort(tx));
      abort.catch(() => {});
      if (!continueAfterTimeout) await abort.catch(() => {});
      throw error;
    }
  }

  private async finish<T>(
    session: Session,
    running: Promise<T>,
    started: number,
    continueAfterTimeout: boolean,
  ): Promise<T> {
    const remaining = this.timeoutMs - (Date.now() - started);
    const outcome = await this.race(running, remaining);
    if (outcome === 'timeout') {
      if (!continueAfterTimeout) await session.cancel().catch(() => {});
      throw timeoutError(session.pid);
    }
    // PGlite blocks the event loop while it runs, so the timer cannot fire
    // during the statement: detect the overrun afterwards.
    if (Date.now() - started > this.timeoutMs) throw timeoutError(session.pid);
    if ('error' in outcome) throw toDataApiError(outcome.error);
    return outcome.value;
  }

  private async race<T>(work: Promise<T>, ms: number): Promise<Outcome<T>> {
    let timer: NodeJS.Timeout | undefined;
    const expiry = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), Math.max(ms, 0));
    });
    try {
      return await Promise.race([
        work.then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        ),
        expiry,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}
