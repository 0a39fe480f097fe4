import { randomUUID } from 'node:crypto';

/** HTTP status of every exception the emulator can raise (spec §5.2). */
export const EXCEPTION_STATUS: Readonly<Record<string, number>> = {
  AccessDeniedException: 403,
  BadRequestException: 400,
  DatabaseErrorException: 400,
  DatabaseNotFoundException: 404,
  DatabaseResumingException: 400,
  DatabaseUnavailableException: 504,
  ForbiddenException: 403,
  HttpEndpointNotEnabledException: 400,
  InternalServerErrorException: 500,
  InvalidResourceStateException: 400,
  InvalidSecretException: 400,
  NotFoundException: 404,
  SecretsErrorException: 400,
  SerializationException: 400,
  ServiceUnavailableError: 503,
  StatementTimeoutException: 400,
  ThrottlingException: 400,
  TransactionNotFoundException: 404,
  UnknownOperationException: 404,
  UnsupportedResultException: 400,
  ValidationException: 400,
};

/** Exceptions whose model shape has no `message` member (spec §5.2). */
const MESSAGELESS = new Set([
  'DatabaseUnavailableException',
  'InternalServerErrorException',
  'ServiceUnavailableError',
]);

/** An error answered to the caller in the Data API wire format (spec §5.1). */
export class DataApiError extends Error {
  readonly exception: string;
  readonly status: number;
  readonly extra: Readonly<Record<string, number | string>>;
  constructor(
    exception: string,
    message: string,
    extra: Readonly<Record<string, number | string>> = {},
  ) {
    super(message);
    this.name = 'DataApiError';
    this.exception = exception;
    this.status = EXCEPTION_STATUS[exception] ?? 400;
    this.extra = extra;
  }

  /** The JSON body sent on the wire. */
  toBody(): Record<string, number | string> {
    if (MESSAGELESS.has(this.exception)) return { ...this.extra };
    return { message: this.message, ...this.extra };
  }
}

/** Shorthand for a `ValidationException` (unmodelled, HTTP 400). */
export function validationError(message: string): DataApiError {
  return new DataApiError('ValidationException', message);
}

/** Shorthand for a `DatabaseErrorException` (HTTP 400). */
export function databaseError(message: string): DataApiError {
  return new DataApiError('DatabaseErrorException', message);
}

/** Fields of a PostgreSQL server error as both drivers expose them. */
export interface PgErrorFields {
  readonly message: string;
  readonly code: string;
  readonly severity?: string;
  readonly detail?: string;
  readonly hint?: string;
  readonly position?: string;
  readonly where?: string;
}

/** Narrows an unknown thrown value to a PostgreSQL server error. */
export function isPgError(error: unknown): error is PgErrorFields {
  if (!(error instanceof Error)) return false;
  const code: unknown = Reflect.get(error, 'code');
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

/**
 * Renders a server error the way pgjdbc prints it, then `; SQLState: XXXXX`
 * (spec §5.3). `mapPosition` converts a position in the rewritten SQL back
 * to the `$n` form the real service sends.
 */
export function formatPgError(
  error: PgErrorFields,
  mapPosition: (position: number) => number = (p) => p,
): string {
  let text = `${error.severity ?? 'ERROR'}: ${error.message}`;
  if (error.detail) text += `\n  Detail: ${error.detail}`;
  if (error.hint) text += `\n  Hint: ${error.hint}`;
  if (error.position) {
    text += `\n  Position: ${mapPosition(Number(error.position))}`;
  }
  if (error.where) text += `\n  Where: ${error.where}`;
  return `${text}; SQLState: ${error.code}`;
}

/** Fields of a MySQL/MariaDB server error as `mysql2` exposes them. */
export interface MysqlErrorFields {
  readonly errno: number;
  readonly sqlState: string;
  readonly sqlMessage: string;
}

/** Narrows an unknown thrown value to a MySQL server error. */
export function isMysqlError(error: unknown): error is MysqlErrorFields {
  if (!(error instanceof Error)) return false;
  return (
    typeof Reflect.get(error, 'errno') === 'number' &&
    typeof Reflect.get(error, 'sqlState') === 'string' &&
    typeof Reflect.get(error, 'sqlMessage') === 'string'
  );
}

/** How MySQL errors are worded (spec §5.3: the v2 wording is unverified). */
export type MysqlErrorStyle = 'sqlstate' | 'v1';

/**
 * Renders a MySQL server error: by default the server text followed by
 * `; SQLState: XXXXX` (like PostgreSQL on v2); `v1` is the Serverless v1
 * wording `Database error code: <errno>. Message: <text>`.
 */
export function formatMysqlError(
  error: MysqlErrorFields,
  style: MysqlErrorStyle = 'sqlstate',
): string {
  if (style === 'v1') {
    return `Database error code: ${error.errno}. Message: ${error.sqlMessage}`;
  }
  return `${error.sqlMessage}; SQLState: ${error.sqlState}`;
}

/** A fresh request id for the `x-amzn-RequestId` header. */
export function newRequestId(): string {
  return randomUUID();
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
]);

/**
 * Maps anything a driver threw to the error the service would answer:
 * server errors → `DatabaseErrorException` (never 5xx, spec §5.4), lost
 * connections → `DatabaseUnavailableException`. Unknown errors pass through.
 */
export function toDataApiError(
  error: unknown,
  mapPosition?: (position: number) => number,
): unknown {
  if (error instanceof DataApiError) return error;
  if (isPgError(error)) return databaseError(formatPgError(error, mapPosition));
  const code: unknown =
    error instanceof Error ? Reflect.get(error, 'code') : undefined;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) {
    return new DataApiError('DatabaseUnavailableException', code);
  }
  return error;
}
