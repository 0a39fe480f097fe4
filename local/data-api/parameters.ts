import { validationError } from './errors.js';

/** The `typeHint` values of the model (spec §3.2). */
export type TypeHint =
  | 'DATE'
  | 'DECIMAL'
  | 'JSON'
  | 'TIME'
  | 'TIMESTAMP'
  | 'UUID';

/** A request parameter reduced to its kind and its text form. */
export interface SqlParam {
  readonly name: string;
  readonly kind: 'null' | 'bool' | 'long' | 'double' | 'string' | 'blob';
  /** Text as the database should read it; `null` for SQL NULL. */
  readonly text: string | null;
  readonly typeHint?: TypeHint;
}

const HINTS: readonly TypeHint[] = [
  'DATE',
  'DECIMAL',
  'JSON',
  'TIME',
  'TIMESTAMP',
  'UUID',
];

// Formats the service accepts per hint (spec §3.2); ISO `T`/`Z` is refused.
const HINT_FORMATS: Partial<Record<TypeHint, RegExp>> = {
  DATE: /^\d{4}-\d{2}-\d{2}$/,
  TIME: /^\d{2}:\d{2}:\d{2}(\.\d{1,9})?$/,
  TIMESTAMP: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,9})?$/,
  DECIMAL: /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/,
  UUID: /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/,
};

const NON_FINITE = new Set(['NaN', 'Infinity', '-Infinity']);

function toParam(
  name: string,
  member: string,
  value: unknown,
): Omit<SqlParam, 'typeHint'> {
  switch (member) {
    case 'isNull':
      return { name, kind: 'null', text: null };
    case 'booleanValue':
      if (typeof value === 'boolean') {
        return { name, kind: 'bool', text: String(value) };
      }
      break;
    case 'longValue':
      if (typeof value === 'number' && Number.isInteger(value)) {
        return { name, kind: 'long', text: String(value) };
      }
      break;
    case 'doubleValue':
      if (typeof value === 'number' || NON_FINITE.has(String(value))) {
        return { name, kind: 'double', text: String(value) };
      }
      break;
    case 'stringValue':
      if (typeof value === 'string')
        return { name, kind: 'string', text: value };
      break;
    case 'blobValue':
      if (typeof value === 'string') {
        const hex = Buffer.from(value, 'base64').toString('hex');
        return { name, kind: 'blob', text: `\\x${hex}` };
      }
      break;
    case 'arrayValue':
      throw validationError('Array parameters are not supported');
  }
  throw validationError(`Invalid value for parameter ${name}: ${member}`);
}

function parseOne(raw: unknown, path: string): SqlParam {
  if (typeof raw !== 'object' || raw === null) {
    throw validationError(`Value at '${path}' must be a structure`);
  }
  const name: unknown = Reflect.get(raw, 'name');
  const value: unknown = Reflect.get(raw, 'value');
  const hint: unknown = Reflect.get(raw, 'typeHint');
  if (typeof name !== 'string' || name === '') {
    throw validationError(`Value at '${path}.name' must not be null`);
  }
  if (typeof value !== 'object' || value === null) {
    throw validationError(`Value at '${path}.value' must not be null`);
  }
  const members = Object.entries(value).filter(([, v]) => v !== null);
  const first = members[0];
  if (members.length !== 1 || first === undefined) {
    throw validationError(`Parameter ${name} must have exactly one value`);
  }
  const param = toParam(name, first[0], first[1]);
  if (hint === undefined) return param;
  const typeHint = HINTS.find((h) => h === hint);
  if (typeHint === undefined) {
    throw validationError(
      `Value '${String(hint)}' at '${path}.typeHint' failed to satisfy constraint: Member must satisfy enum value set: [${HINTS.join(', ')}]`,
    );
  }
  // A hint on a non-string value is ignored (spec §3.2).
  if (param.kind !== 'string') return param;
  const format = HINT_FORMATS[typeHint];
  if (format && !format.test(param.text ?? '')) {
    throw validationError(
      `Invalid ${typeHint} value for parameter ${name}: ${param.text ?? ''}`,
    );
  }
  return { ...param, typeHint };
}

/**
 * Validates a `SqlParameter[]` and normalises each entry.
 * @throws DataApiError `ValidationException` for arrays, bad unions, hints.
 */
export function parseParameters(raw: unknown, path: string): SqlParam[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    throw validationError(`Value at '${path}' must be a list`);
  }
  return raw.map((item: unknown, i: number) =>
    parseOne(item, `${path}.${i + 1}.member`),
  );
}
