import { validationError } from './errors.js';
import { parseParameters, type SqlParam } from './parameters.js';

/** Members every operation carries. */
export interface BaseRequest {
  readonly resourceArn: string;
  readonly secretArn: string;
}

/** A validated ExecuteStatement request (spec §2.1). */
export interface ExecuteRequest extends BaseRequest {
  readonly sql: string;
  readonly database?: string;
  readonly parameters: readonly SqlParam[];
  readonly transactionId?: string;
  readonly includeResultMetadata: boolean;
  readonly continueAfterTimeout: boolean;
  readonly decimalReturnType: 'STRING' | 'DOUBLE_OR_LONG';
  readonly longReturnType: 'LONG' | 'STRING';
  readonly formatRecordsAs: 'NONE' | 'JSON';
}

/** A validated BatchExecuteStatement request (spec §2.2). */
export interface BatchRequest extends BaseRequest {
  readonly sql: string;
  readonly database?: string;
  readonly parameterSets: readonly (readonly SqlParam[])[];
  readonly transactionId?: string;
}

/** A validated BeginTransaction request (spec §2.3). */
export interface BeginRequest extends BaseRequest {
  readonly database?: string;
}

/** A validated Commit/RollbackTransaction request (spec §2.4, §2.5). */
export interface EndRequest extends BaseRequest {
  readonly transactionId: string;
}

type Body = Readonly<Record<string, unknown>>;

function fail(member: string, constraint: string): never {
  throw validationError(
    `1 validation error detected: Value at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

function str(body: Body, member: string, min: number, max: number) {
  const value = body[member];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') fail(member, 'Member must be a string');
  if (value.length < min) {
    fail(member, `Member must have length greater than or equal to ${min}`);
  }
  if (value.length > max) {
    fail(member, `Member must have length less than or equal to ${max}`);
  }
  return value;
}

function required(body: Body, member: string, min: number, max: number) {
  const value = str(body, member, min, max);
  if (value === undefined) fail(member, 'Member must not be null');
  return value;
}

function flag(body: Body, member: string): boolean {
  const value = body[member];
  if (value === undefined) return false;
  if (typeof value !== 'boolean') fail(member, 'Member must be a boolean');
  return value;
}

function choice<T extends string>(
  value: unknown,
  member: string,
  allowed: readonly T[],
): T {
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) {
    fail(member, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
  }
  return found;
}

function base(body: Body, allowDatabase: boolean): BaseRequest {
  // v2 rejects the schema member outright (spec §2.1).
  if (body.schema !== undefined) {
    throw validationError("The schema parameter isn't supported");
  }
  if (!allowDatabase && body.database !== undefined) {
    fail('database', 'Member is not allowed on this operation');
  }
  return {
    resourceArn: required(body, 'resourceArn', 11, 100),
    secretArn: required(body, 'secretArn', 11, 100),
  };
}

/** Validates an ExecuteStatement body. @throws DataApiError (400) */
export function parseExecuteRequest(body: Body): ExecuteRequest {
  const options = body.resultSetOptions ?? {};
  if (typeof options !== 'object' || options === null) {
    fail('resultSetOptions', 'Member must be a structure');
  }
  const decimal = Reflect.get(options, 'decimalReturnType') ?? 'STRING';
  const long = Reflect.get(options, 'longReturnType') ?? 'LONG';
  return {
    ...base(body, true),
    sql: required(body, 'sql', 0, 65536),
    database: str(body, 'database', 0, 64),
    transactionId: str(body, 'transactionId', 0, 192),
    parameters: parseParameters(body.parameters, 'parameters'),
    includeResultMetadata: flag(body, 'includeResultMetadata'),
    continueAfterTimeout: flag(body, 'continueAfterTimeout'),
    decimalReturnType: choice(decimal, 'resultSetOptions.decimalReturnType', [
      'STRING',
      'DOUBLE_OR_LONG',
    ]),
    longReturnType: choice(long, 'resultSetOptions.longReturnType', [
      'LONG',
      'STRING',
    ]),
    formatRecordsAs: choice(body.formatRecordsAs ?? 'NONE', 'formatRecordsAs', [
      'NONE',
      'JSON',
    ]),
  };
}

/** Validates a BatchExecuteStatement body. @throws DataApiError (400) */
export function parseBatchRequest(body: Body): BatchRequest {
  const sets = body.parameterSets ?? [];
  if (!Array.isArray(sets)) fail('parameterSets', 'Member must be a list');
  return {
    ...base(body, true),
    sql: required(body, 'sql', 0, 65536),
    database: str(body, 'database', 0, 64),
    transactionId: str(body, 'transactionId', 0, 192),
    parameterSets: sets.map((set: unknown, index: number) =>
      parseParameters(set, `parameterSets.${index + 1}.member`),
    ),
  };
}

/** Validates a BeginTransaction body. @throws DataApiError (400) */
export function parseBeginRequest(body: Body): BeginRequest {
  return { ...base(body, true), database: str(body, 'database', 0, 64) };
}

/** Validates a Commit/RollbackTransaction body. @throws DataApiError (400) */
export function parseEndRequest(body: Body): EndRequest {
  return {
    ...base(body, false),
    transactionId: required(body, 'transactionId', 0, 192),
  };
}
