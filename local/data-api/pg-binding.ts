import type { BoundStatement, Dialect } from './backend.js';
import { DataApiError } from './errors.js';
import type { SqlParam } from './parameters.js';
import type { ScannedSql } from './sql-tokenizer.js';

// The service binds like JDBC setString/setLong…: each value carries a
// declared type, so an un-hinted string is `varchar` (spec §3.3).
const KIND_CASTS: Readonly<Record<SqlParam['kind'], string>> = {
  null: '',
  bool: '::bool',
  long: '::int8',
  double: '::float8',
  string: '::varchar',
  blob: '::bytea',
};

const HINT_CASTS: Readonly<Record<string, string>> = {
  DATE: '::date',
  TIME: '::time',
  TIMESTAMP: '::timestamp',
  DECIMAL: '::numeric',
  UUID: '::uuid',
  // JSON: left untyped so the context picks json or jsonb (spec §3.3).
  JSON: '',
};

function castFor(param: SqlParam): string {
  if (param.kind === 'string' && param.typeHint !== undefined) {
    return HINT_CASTS[param.typeHint] ?? '';
  }
  return KIND_CASTS[param.kind];
}

/**
 * Rewrites `:name` placeholders to typed `$n` placeholders, one per
 * occurrence (as JDBC's `?`); extra parameters are ignored (spec §4).
 * @throws DataApiError `BadRequestException` "Cannot find parameter: x"
 */
export function bindPostgres(
  scanned: ScannedSql,
  params: readonly SqlParam[],
): BoundStatement {
  const byName = new Map(params.map((p) => [p.name, p]));
  const values: (string | null)[] = [];
  const shifts: { at: number; extra: number }[] = [];
  let text = '';
  let cursor = 0;
  let extra = 0;
  for (const placeholder of scanned.placeholders) {
    const param = byName.get(placeholder.name);
    if (param === undefined) {
      throw new DataApiError(
        'BadRequestException',
        `Cannot find parameter: ${placeholder.name}`,
      );
    }
    values.push(param.text);
    const plain = `$${values.length}`;
    const cast = castFor(param);
    text += scanned.body.slice(cursor, placeholder.start) + plain + cast;
    cursor = placeholder.end;
    extra += cast.length;
    shifts.push({ at: text.length, extra });
  }
  text += scanned.body.slice(cursor);
  const mapPosition = (position: number): number => {
    let shift = 0;
    for (const entry of shifts) {
      if (entry.at < position) shift = entry.extra;
    }
    return position - shift;
  };
  return { text, values, mapPosition };
}

/** PostgreSQL as the service speaks it (pgjdbc underneath). */
export const PG_DIALECT: Dialect = {
  isMysql: false,
  bind: bindPostgres,
  check: () => {},
  // pgjdbc's executeBatch refuses statements that return rows.
  batchResultMessage:
    'A result was returned when none was expected.; SQLState: 0100E',
};
