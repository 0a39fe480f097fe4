/** One `:name` placeholder found in the SQL text. */
export interface Placeholder {
  readonly name: string;
  /** Index of the colon. */
  readonly start: number;
  /** Index just past the name. */
  readonly end: number;
}

/** What the tokenizer learnt about one SQL text. */
export interface ScannedSql {
  readonly placeholders: readonly Placeholder[];
  /** Statements with content, separated by top-level semicolons. */
  readonly statementCount: number;
  /** The text up to the first top-level `;` (trailing `;` removed). */
  readonly body: string;
  /** `body` with strings, quoted identifiers and comments blanked out. */
  readonly code: string;
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;
const DOLLAR_TAG = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/;

/**
 * Finds `:name` placeholders and top-level semicolons, skipping `::` casts,
 * quoted strings (incl. `E'…'`), quoted identifiers, comments and
 * dollar-quoted bodies (spec §4). `#` starts a comment only on MySQL.
 */
export function scanSql(sql: string, hashComments = false): ScannedSql {
  const placeholders: Placeholder[] = [];
  let statementCount = 0;
  let hasContent = false;
  let firstSemicolon = -1;
  const literals: [number, number][] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql.charAt(i);
    const next = sql.charAt(i + 1);
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    // MySQL needs whitespace after `--` (`1--1` is arithmetic there).
    const dashes =
      ch === '-' &&
      next === '-' &&
      (!hashComments || !/\S/.test(sql.charAt(i + 2)));
    if (dashes || (hashComments && ch === '#')) {
      const eol = sql.indexOf('\n', i);
      const end = eol === -1 ? sql.length : eol + 1;
      literals.push([i, end]);
      i = end;
      continue;
    }
    if (ch === '/' && next === '*') {
      const end = skipBlockComment(sql, i);
      literals.push([i, end]);
      i = end;
      continue;
    }
    if (ch === ';') {
      if (hasContent) statementCount += 1;
      if (firstSemicolon === -1) firstSemicolon = i;
      hasContent = false;
      i += 1;
      continue;
    }
    hasContent = true;
    if (ch === "'") {
      const escapes = /[eE]/.test(sql.charAt(i - 1));
      const end = skipQuoted(sql, i, "'", escapes || hashComments);
      literals.push([i, end]);
      i = end;
    } else if (ch === '"' || (hashComments && ch === '`')) {
      const end = skipQuoted(sql, i, ch, hashComments && ch === '"');
      literals.push([i, end]);
      i = end;
    } else if (ch === '$' && !hashComments) {
      const end = skipDollar(sql, i);
      if (end > i + 1) literals.push([i, end]);
      i = end;
    } else if (ch === ':' && next === ':') {
      i += 2;
    } else if (ch === ':' && NAME_START.test(next)) {
      let end = i + 1;
      while (end < sql.length && NAME_PART.test(sql.charAt(end))) end += 1;
      placeholders.push({ name: sql.slice(i + 1, end), start: i, end });
      i = end;
    } else {
      i += 1;
    }
  }
  if (hasContent) statementCount += 1;
  const body =
    statementCount <= 1 && firstSemicolon !== -1
      ? sql.slice(0, firstSemicolon)
      : sql;
  let code = body;
  for (const [start, end] of literals) {
    if (start >= code.length) break;
    const stop = Math.min(end, code.length);
    code = code.slice(0, start) + ' '.repeat(stop - start) + code.slice(stop);
  }
  return { placeholders, statementCount, body, code };
}

function skipQuoted(
  sql: string,
  start: number,
  quote: string,
  backslashEscapes: boolean,
): number {
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql.charAt(i);
    if (backslashEscapes && ch === '\\') {
      i += 2;
    } else if (ch === quote && sql.charAt(i + 1) === quote) {
      i += 2;
    } else if (ch === quote) {
      return i + 1;
    } else {
      i += 1;
    }
  }
  return sql.length;
}

function skipBlockComment(sql: string, start: number): number {
  // PostgreSQL block comments nest.
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth += 1;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else {
      i += 1;
    }
  }
  return sql.length;
}

function skipDollar(sql: string, start: number): number {
  const match = DOLLAR_TAG.exec(sql.slice(start, start + 64));
  if (!match) return start + 1; // `$1` style positional text, not a quote
  const tag = match[0];
  const close = sql.indexOf(tag, start + tag.length);
  return close === -1 ? sql.length : close + tag.length;
}
