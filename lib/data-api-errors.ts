import { DatabaseError } from './errors.js';

/** How a failed Data API call should be handled. */
export type FailureClass =
  | 'resuming'
  | 'transient'
  | 'unreachable'
  | 'ambiguous'
  | 'permanent';

/**
 * Attempts at an endpoint that refuses connections or has no address: worth
 * a few quick tries (a restarting proxy), not a whole run's budget of them.
 */
export const UNREACHABLE_ATTEMPTS = 4;

// Spec rds-data-api.md §5.2/§5.4: these names mean the call never ran or the
// service was briefly unavailable, so a retry is safe and useful.
const TRANSIENT = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'InternalServerErrorException',
  'ServiceUnavailableError',
  'DatabaseUnavailableException',
  'TimeoutError',
  'RequestTimeout',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
]);

// Nothing listens there, or the name does not resolve: a wrong endpoint or a
// stopped local emulator far more often than a blip.
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** Classify a Data API failure by its exception name and fault, never text. */
export function classifyFailure(error: unknown): FailureClass {
  // Shape, not `instanceof Error`: Node's socket errors come from another
  // realm under test runners, and a missed network error is never retried.
  if (typeof error !== 'object' || error === null) return 'permanent';
  if (!('name' in error) || typeof error.name !== 'string') return 'permanent';
  if (error.name === 'DatabaseResumingException') return 'resuming';
  // The call timed out (spec §5.2, §6): the statement may or may not have
  // run and committed. Only an idempotent statement may be sent again.
  if (error.name === 'StatementTimeoutException') return 'ambiguous';
  const code = Reflect.get(error, 'code');
  if (UNREACHABLE.has(error.name) || UNREACHABLE.has(String(code))) {
    return 'unreachable';
  }
  if (TRANSIENT.has(error.name) || TRANSIENT.has(String(code))) {
    return 'transient';
  }
  const fault: unknown = Reflect.get(error, '$fault');
  const status: unknown = Reflect.get(error, '$metadata')?.httpStatusCode;
  if (fault === 'server' || (typeof status === 'number' && status >= 500)) {
    return 'transient';
  }
  return 'permanent';
}

/** The five-character SQLState the service appends to SQL error messages. */
export function sqlStateOf(message: string): string | undefined {
  return /SQLState: (\w{5})/.exec(message)?.[1];
}

/** Wrap any Data API failure as a DatabaseError naming the statement. */
export function toDatabaseError(
  error: unknown,
  statement: string,
  isIdempotent = false,
): DatabaseError {
  const name = error instanceof Error ? error.name : 'UnknownError';
  const message = error instanceof Error ? error.message : String(error);
  const failure = classifyFailure(error);
  const sqlState = sqlStateOf(message);
  return new DatabaseError(
    `Data API call ${statement} failed with ${name}: ${message}`,
    {
      statement,
      exceptionName: name,
      sqlState,
      retriable:
        failure === 'ambiguous' ? isIdempotent : failure !== 'permanent',
    },
    { cause: error },
  );
}

/** Backoff before retry `attempt` (1-based), in ms. */
export function backoffMs(failure: FailureClass, attempt: number): number {
  // Aurora Serverless v2 takes seconds to tens of seconds to resume (spec §9.1),
  // so resuming waits start at 2 s; other faults start at 200 ms. Both double
  // and are capped so a run keeps checking its deadline.
  // A statement timeout means the database is overloaded: start at 1 s.
  const base =
    failure === 'resuming' ? 2000 : failure === 'ambiguous' ? 1000 : 200;
  const cap = failure === 'resuming' ? 10_000 : 5000;
  return Math.min(cap, base * 2 ** (attempt - 1));
}
