import type { ResultColumn } from './backend.js';
import { columnMetadata } from './column-metadata.js';
import { DataApiError } from './errors.js';
import { parsePgArray } from './pg-array.js';
import {
  ARRAY_ELEMENTS,
  lookupScalar,
  type PgColumnDescription,
  type PgType,
  typeNameOf,
} from './pg-types.js';
import { RawJson, type WireValue } from './wire-json.js';

/** `resultSetOptions` of ExecuteStatement (spec §3.7). */
export interface EncodeOptions {
  readonly longReturnType: 'LONG' | 'STRING';
  readonly decimalReturnType: 'STRING' | 'DOUBLE_OR_LONG';
}

const TSTZ =
  /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(\.\d+)?([+-]\d\d(?::\d\d){0,2})$/;

/** Shifts PostgreSQL `timestamptz` text to UTC without a suffix (§3.6). */
export function toUtcTimestamp(text: string): string {
  const m = TSTZ.exec(text);
  if (!m) return text;
  const [, y, mo, d, h, mi, s, frac = '', zone = ''] = m;
  const sign = zone.startsWith('-') ? -1 : 1;
  const [zh = 0, zm = 0, zs = 0] = zone.slice(1).split(':').map(Number);
  const offset = sign * (zh * 3600 + zm * 60 + zs);
  if (offset === 0) return text.slice(0, text.length - zone.length);
  const utc = new Date(
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi)) +
      (Number(s) - offset) * 1000,
  );
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${String(utc.getUTCFullYear()).padStart(4, '0')}-${pad(utc.getUTCMonth() + 1)}-${pad(utc.getUTCDate())}`;
  const time = `${pad(utc.getUTCHours())}:${pad(utc.getUTCMinutes())}:${pad(utc.getUTCSeconds())}`;
  return `${date} ${time}${frac}`;
}

function doubleOf(text: string): RawJson | string {
  const value = Number(text);
  return Number.isFinite(value) ? new RawJson(String(value)) : text;
}

function scalar(type: PgType, text: string, options: EncodeOptions) {
  switch (type.kind) {
    case 'int':
      return options.longReturnType === 'STRING'
        ? { stringValue: text }
        : { longValue: new RawJson(text) };
    case 'float':
      return { doubleValue: doubleOf(text) };
    case 'numeric':
      if (options.decimalReturnType === 'STRING') return { stringValue: text };
      return /^-?\d+$/.test(text)
        ? { longValue: new RawJson(text) }
        : { doubleValue: doubleOf(text) };
    case 'bool':
      return { booleanValue: text === 't' };
    case 'bytea':
      return {
        blobValue: Buffer.from(text.slice(2), 'hex').toString('base64'),
      };
    case 'timestamptz':
      return { stringValue: toUtcTimestamp(text) };
    case 'text':
      return { stringValue: text };
  }
}

function unsupported(oid: number): DataApiError {
  return new DataApiError(
    'UnsupportedResultException',
    `The result contains the unsupported data type ${typeNameOf(oid)}`,
  );
}

function arrayMember(type: PgType, options: EncodeOptions): string {
  if (type.kind === 'int') {
    return options.longReturnType === 'STRING' ? 'stringValues' : 'longValues';
  }
  if (type.kind === 'float') return 'doubleValues';
  if (type.kind === 'numeric' && options.decimalReturnType !== 'STRING') {
    return 'doubleValues';
  }
  if (type.kind === 'bool') return 'booleanValues';
  return 'stringValues';
}

/**
 * Encodes one column value as a `Field` union with exactly one member,
 * chosen from the column type OID (spec §1.3, §3.4).
 * @throws DataApiError `UnsupportedResultException`
 */
export function encodeField(
  text: string | null,
  oid: number,
  options: EncodeOptions,
): WireValue {
  if (text === null) return { isNull: true };
  const element = ARRAY_ELEMENTS.get(oid);
  if (element !== undefined) {
    const type = lookupScalar(element);
    if (type === null || type.kind === 'bytea') throw unsupported(oid);
    const values = parsePgArray(text).map((item) => {
      if (item === null) return null;
      const field = scalar(type, item, options);
      return Object.values(field)[0] ?? null;
    });
    return { arrayValue: { [arrayMember(type, options)]: values } };
  }
  const type = lookupScalar(oid);
  if (type === null) throw unsupported(oid);
  return scalar(type, text, options);
}

/** A PostgreSQL result column that encodes by its type OID. */
export function pgColumn(column: PgColumnDescription): ResultColumn {
  return {
    name: column.name,
    encode: (text, options) => encodeField(text, column.typeOid, options),
    metadata: () => columnMetadata(column),
  };
}
