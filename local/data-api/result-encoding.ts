import type { RawResult } from './backend.js';
import { DataApiError } from './errors.js';
import type { EncodeOptions } from './field-encoding.js';
import { RawJson, stringifyWire, type WireValue } from './wire-json.js';

/** How the caller asked for the result (ExecuteStatement members). */
export interface ResultRequest extends EncodeOptions {
  readonly includeResultMetadata: boolean;
  readonly formatRecordsAs: 'NONE' | 'JSON';
}

/** The `formattedRecords` cap (spec §6: 10 MB). */
export const FORMATTED_LIMIT = 10 * 1024 * 1024;

function tooLarge(): DataApiError {
  // Exception class unverified on v2 (spec §6); the modelled candidate.
  return new DataApiError(
    'UnsupportedResultException',
    'Database returned more than the allowed response size limit',
  );
}

/**
 * The `formattedRecords` form of a Field (spec §3.10): the value of its one
 * member, NULL as `null`, arrays as plain JSON arrays.
 */
function jsonValueOf(field: WireValue): WireValue {
  if (field === null || typeof field !== 'object' || field instanceof RawJson) {
    return null;
  }
  const [member, value] = Object.entries(field)[0] ?? ['isNull', null];
  if (member === 'isNull') return null;
  if (member !== 'arrayValue') return value;
  if (value === null || typeof value !== 'object') return null;
  return Object.values(value)[0] ?? [];
}

function formatted(result: RawResult, options: ResultRequest): string {
  const labels = result.columns.map((c) => c.name);
  if (new Set(labels).size !== labels.length) {
    throw new DataApiError(
      'UnsupportedResultException',
      'The result contains duplicate column names; JSON format needs unique labels',
    );
  }
  const rows = result.rows.map((row) => {
    const record: Record<string, WireValue> = {};
    result.columns.forEach((column, i) => {
      record[column.name] = jsonValueOf(column.encode(row[i] ?? null, options));
    });
    return record;
  });
  const text = stringifyWire(rows);
  if (Buffer.byteLength(text) > FORMATTED_LIMIT) {
    throw new DataApiError(
      'BadRequestException',
      'The JSON result exceeds the 10 MB size limit',
    );
  }
  return text;
}

/** `generatedFields` of a DML/DDL answer (spec §3.9). */
export function generatedFieldsOf(result: RawResult): WireValue[] {
  // MySQL reports an AUTO_INCREMENT id; PostgreSQL never fills it.
  return result.generatedId === undefined
    ? []
    : [{ longValue: new RawJson(result.generatedId) }];
}

/**
 * Builds the ExecuteStatement response body text (spec §2.1, §3.9, §3.10).
 * @throws DataApiError `UnsupportedResultException` for unsupported types or
 * a result over `maxResultBytes`; `BadRequestException` for JSON over 10 MB.
 */
export function encodeExecuteResponse(
  result: RawResult,
  options: ResultRequest,
  maxResultBytes: number,
): string {
  if (!result.hasResultSet) {
    return stringifyWire({
      numberOfRecordsUpdated: result.rowCount,
      generatedFields: generatedFieldsOf(result),
    });
  }
  if (options.formatRecordsAs === 'JSON') {
    const text = formatted(result, options);
    return stringifyWire({ formattedRecords: text, numberOfRecordsUpdated: 0 });
  }
  const records = stringifyWire(
    result.rows.map((row) =>
      result.columns.map((c, i) => c.encode(row[i] ?? null, options)),
    ),
  );
  if (Buffer.byteLength(records) > maxResultBytes) throw tooLarge();
  const metadata = options.includeResultMetadata
    ? `,"columnMetadata":${stringifyWire(result.columns.map((c) => c.metadata()))}`
    : '';
  return `{"records":${records}${metadata},"numberOfRecordsUpdated":0}`;
}
