import { setTimeout as delay } from 'node:timers/promises';
import { DataApiError, EXCEPTION_STATUS } from './errors.js';

/** Body of `POST /_admin/faults` and of the `faults` option. */
export interface FaultSettings {
  /** Exception to force for the next `count` calls (default 1). */
  readonly exception?: string;
  readonly count?: number;
  readonly message?: string;
  /** Added to every call. */
  readonly latencyMs?: number;
  /** Probability (0–1) of answering `exception` (default a 500). */
  readonly errorRate?: number;
  /** Pause after `idleMs` without calls; resume `resumeMs` after a call. */
  readonly autoPause?: { readonly idleMs: number; readonly resumeMs: number };
  /** Paused now; resumes `pausedForMs` after the first rejected call. */
  readonly pausedForMs?: number;
}

function num(value: unknown, name: string, max = Number.MAX_SAFE_INTEGER) {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || value < 0 || value > max) {
    throw new Error(`${name} must be a number between 0 and ${max}`);
  }
  return value;
}

/** Validates an untrusted fault body. @throws Error naming the bad member */
export function parseFaultSettings(body: unknown): FaultSettings {
  if (typeof body !== 'object' || body === null) {
    throw new Error('body must be a JSON object');
  }
  const get = (key: string): unknown => Reflect.get(body, key);
  const exception = get('exception');
  if (exception !== undefined && !(String(exception) in EXCEPTION_STATUS)) {
    throw new Error(`unknown exception ${String(exception)}`);
  }
  const pause = get('autoPause');
  const message = get('message');
  return {
    exception: exception === undefined ? undefined : String(exception),
    count: num(get('count'), 'count'),
    message: message === undefined ? undefined : String(message),
    latencyMs: num(get('latencyMs'), 'latencyMs'),
    errorRate: num(get('errorRate'), 'errorRate', 1),
    pausedForMs: num(get('pausedForMs'), 'pausedForMs'),
    autoPause:
      typeof pause === 'object' && pause !== null
        ? {
            idleMs: num(Reflect.get(pause, 'idleMs'), 'autoPause.idleMs') ?? 0,
            resumeMs:
              num(Reflect.get(pause, 'resumeMs'), 'autoPause.resumeMs') ?? 0,
          }
        : undefined,
  };
}

function resumingMessage(resourceArn: string): string {
  return `The Aurora DB instance ${resourceArn} is resuming after being auto-paused. Please wait a few seconds and try again.`;
}

/** Injects faults and latency in front of every Data API call (spec §5.5). */
export class FaultInjector {
  private forced?: { exception: string; remaining: number; message?: string };
  private latencyMs = 0;
  private errorRate = 0;
  private rateException = 'InternalServerErrorException';
  private autoPause?: { idleMs: number; resumeMs: number };
  private resume?: { resumeMs: number; firstRejectedAt?: number };
  private lastCallAt = Date.now();
  private readonly counters = { requests: 0, served: 0, faultsInjected: 0 };

  /** Merges new settings into the current ones. */
  apply(settings: FaultSettings): void {
    const { exception, errorRate } = settings;
    if (exception !== undefined && errorRate === undefined) {
      const remaining = settings.count ?? 1;
      this.forced = { exception, remaining, message: settings.message };
    }
    if (errorRate !== undefined) {
      this.errorRate = errorRate;
      this.rateException = exception ?? 'InternalServerErrorException';
    }
    if (settings.latencyMs !== undefined) this.latencyMs = settings.latencyMs;
    if (settings.autoPause) this.autoPause = { ...settings.autoPause };
    if (settings.pausedForMs !== undefined) {
      this.resume = { resumeMs: settings.pausedForMs };
    }
    this.lastCallAt = Date.now();
  }

  /** Removes every fault; counters keep counting. */
  clear(): void {
    this.forced = undefined;
    this.latencyMs = 0;
    this.errorRate = 0;
    this.autoPause = undefined;
    this.resume = undefined;
  }

  /** Current settings and counters, for `GET /_admin/faults`. */
  snapshot(): Record<string, unknown> {
    return {
      forced: this.forced ?? null,
      latencyMs: this.latencyMs,
      errorRate: this.errorRate,
      errorRateException: this.rateException,
      autoPause: this.autoPause ?? null,
      resuming: this.resume ?? null,
      counters: { ...this.counters },
    };
  }

  /**
   * Waits the configured latency. The runner calls it while the call holds
   * its session, like a slow database (so concurrent calls on one
   * transaction see it busy).
   */
  async delay(): Promise<void> {
    if (this.latencyMs > 0) await delay(this.latencyMs);
  }

  /**
   * Called before each Data API operation.
   * @throws DataApiError the injected exception, if any.
   */
  before(resourceArn: string): void {
    this.counters.requests += 1;
    const error = this.pick(resourceArn, Date.now());
    if (error) {
      this.counters.faultsInjected += 1;
      throw error;
    }
    this.counters.served += 1;
    this.lastCallAt = Date.now();
  }

  private pick(resourceArn: string, now: number): DataApiError | undefined {
    const pause = this.autoPause;
    if (!this.resume && pause && now - this.lastCallAt > pause.idleMs) {
      this.resume = { resumeMs: pause.resumeMs };
    }
    if (this.resume) {
      this.resume.firstRejectedAt ??= now;
      if (now - this.resume.firstRejectedAt < this.resume.resumeMs) {
        const message = resumingMessage(resourceArn);
        return new DataApiError('DatabaseResumingException', message);
      }
      this.resume = undefined;
    }
    const forced = this.forced;
    if (forced && forced.remaining > 0) {
      forced.remaining -= 1;
      if (forced.remaining === 0) this.forced = undefined;
      const message =
        forced.message ??
        (forced.exception === 'DatabaseResumingException'
          ? resumingMessage(resourceArn)
          : `Injected ${forced.exception}`);
      return new DataApiError(forced.exception, message);
    }
    if (this.errorRate > 0 && Math.random() < this.errorRate) {
      return new DataApiError(this.rateException, 'Injected random fault');
    }
    return undefined;
  }
}
