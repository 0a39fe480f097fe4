import type { BoundStatement, Dialect } from './backend.js';
import {
  DataApiError,
  databaseError,
  formatMysqlError,
  type MysqlErrorStyle,
} from './errors.js';
import type { SqlParam } from './parameters.js';
import type { ScannedSql } from './sql-tokenizer.js';

// Backslash escapes as in MySQL's default sql_mode (what Connector/J and
// mysql2 assume when they interpolate client-side).
const ESCAPES: Readonly<Record<string, string>> = {
  '\0': '\\0',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\x1a': '\\Z',
  "'": "\\'",
  '"': '\\"',
  '\\': '\\\\',
};

/** A MySQL string literal for any text. */
export function quoteMysqlString(text: string): string {
  const escaped = Array.from(text, (c) => ESCAPES[c] ?? c).join('');
  return `'${escaped}'`;
}

/**
 * The literal the service's driver would send for one parameter (spec
 * §3.3): MySQL coerces types implicitly, so every string (hinted or not) is
 * a plain string; longs and doubles are bare numbers, booleans 1/0, blobs
 * hex literals.
 * @throws DataApiError `DatabaseErrorException` for non-finite doubles,
 * which MySQL cannot store (Connector/J refuses them the same way).
 */
function literalOf(param: SqlParam): string {
  const text = param.text;
  if (text === null) return 'NULL';
  switch (param.kind) {
    case 'bool':
      return text === 'true' ? '1' : '0';
    case 'long':
      return text;
    case 'double':
      if (!Number.isFinite(Number(text))) {
        throw databaseError(
          `'${text}' is not a valid numeric or approximate numeric value; SQLState: S1009`,
        );
      }
      return text;
    case 'blob':
      return `X'${text.slice(2)}'`;
    default:
      return quoteMysqlString(text);
  }
}

/**
 * Replaces `:name` placeholders with literals, as Connector/J does with
 * client-side prepared statements; extra parameters are ignored (spec §4).
 * @throws DataApiError `BadRequestException` "Cannot find parameter: x"
 */
export function bindMysql(
  scanned: ScannedSql,
  params: readonly SqlParam[],
): BoundStatement {
  const byName = new Map(params.map((p) => [p.name, p]));
  let text = '';
  let cursor = 0;
  for (const placeholder of scanned.placeholders) {
    const param = byName.get(placeholder.name);
    if (param === undefined) {
      throw new DataApiError(
        'BadRequestException',
        `Cannot find parameter: ${placeholder.name}`,
      );
    }
    text += scanned.body.slice(cursor, placeholder.start) + literalOf(param);
    cursor = placeholder.end;
  }
  text += scanned.body.slice(cursor);
  return { text, values: [], mapPosition: (position) => position };
}

const RETURNING = /\bRETURNING\b/i;

/**
 * Aurora MySQL has no `RETURNING` (MariaDB has): refuse it with the syntax
 * error MySQL 8 gives, so code that would fail in production fails here.
 * @throws DataApiError `DatabaseErrorException`
 */
function refuseReturning(scanned: ScannedSql, style: MysqlErrorStyle): void {
  const match = RETURNING.exec(scanned.code);
  if (match === null) return;
  const near = scanned.body.slice(match.index, match.index + 80);
  const sqlMessage = `You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '${near}' at line 1`;
  throw databaseError(
    formatMysqlError({ errno: 1064, sqlState: '42000', sqlMessage }, style),
  );
}

/** MySQL as the service speaks it (Connector/J-style binding). */
export function mysqlDialect(style: MysqlErrorStyle): Dialect {
  return {
    isMysql: true,
    bind: bindMysql,
    check: (scanned) => refuseReturning(scanned, style),
    batchResultMessage:
      'Statement.executeUpdate() or Statement.executeLargeUpdate() cannot issue statements that produce result sets.; SQLState: S1009',
  };
}
