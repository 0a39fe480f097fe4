import type { RawResult } from './backend.js';
import { columnMetadata } from './column-metadata.js';
import { DataApiError } from './errors.js';
import {
  type EncodeOptions,
  encodeField,
  encodeJsonValue,
} from './field-encoding.js';
import { stringifyWire, type WireValue } from './wire-json.js';

/** How the caller asked for the result (ExecuteStatement members). */
export interface ResultRequest extends EncodeOptions {
  readonly includeResultMetadata: boolean;
  readonly formatRecordsAs: 'NONE' | 'JSON';
}

const FORMATTED_LIMIT = 10 * 1024 * 1024;

function tooLarge(): DataApiError {
  // Exception class unverified on v2 (spec §6); the modelled candidate.
  return new DataApiError(
    'UnsupportedResultException',
    'Database returned more than the allowed response size limit',
  );
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
      record[column.name] = encodeJsonValue(
        row[i] ?? null,
        column.typeOid,
        options,
      );
    });
    return record;
  });
  const text = stringifyWire(rows);
  if (text.length > FORMATTED_LIMIT) {
    throw new DataApiError(
      'BadRequestException',
      'The JSON result exceeds the 10 MB size limit',
    );
  }
  return text;
}

/**
 * Builds the ExecuteStatement response body text (spec §2.1, §3.9, §3.10).
 * @throws DataApiError `UnsupportedResultException` for unsupported types or
 * a result over `maxResultBytes`.
 */
export function encodeExecuteResponse(
  result: RawResult,
  options: ResultRequest,
  maxResultBytes: number,
): string {
  if (!result.hasResultSet) {
    return stringifyWire({
      numberOfRecordsUpdated: result.rowCount,
      generatedFields: [], // PostgreSQL never fills it (spec §3.9)
    });
  }
  if (options.formatRecordsAs === 'JSON') {
    const text = formatted(result, options);
    return stringifyWire({ formattedRecords: text, numberOfRecordsUpdated: 0 });
  }
  const records = stringifyWire(
    result.rows.map((row) =>
      result.columns.map((c, i) =>
        encodeField(row[i] ?? null, c.typeOid, options),
      ),
    ),
  );
  if (Buffer.byteLength(records) > maxResultBytes) throw tooLarge();
  const metadata = options.includeResultMetadata
    ? `,"columnMetadata":${stringifyWire(result.columns.map(columnMetadata))}`
    : '';
  return `{"records":${records}${metadata},"numberOfRecordsUpdated":0}`;
}
