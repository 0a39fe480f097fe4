import type { DataApi } from './data-api.js';
import { type EngineStatement, SQL, statementFor } from './store-sql.js';

/** One migration file: its name (version) and SQL text. */
export interface Migration {
  readonly name: string;
  readonly sql: string;
}

/** One statement of a migration file, with its optional guard query. */
export interface MigrationStep {
  readonly sql: string;
  /**
   * From a `-- applied-if: SELECT …` comment (continued on the comment lines
   * right after it) just above the statement: when the query returns a row,
   * the statement's effect is already there and it is skipped. MySQL has no
   * ADD COLUMN / CREATE INDEX IF NOT EXISTS, and its DDL commits at once.
   */
  readonly guard?: string;
}

/**
 * Split a migration file into single statements: the Data API refuses
 * multi-statement SQL (spec rds-data-api.md §4). Semicolons inside quotes,
 * comments and dollar-quoted bodies do not split. Pure.
 */
export function splitStatements(sql: string): string[] {
  return parseMigration(sql).map((step) => step.sql);
}

/** Split a migration file into statements with their guards. Pure. */
export function parseMigration(sql: string): MigrationStep[] {
  const steps: MigrationStep[] = [];
  let current = '';
  let guard: string | undefined;
  const finish = () => {
    const text = current.trim();
    if (text) steps.push({ sql: text, ...(guard && { guard: guard.trim() }) });
    current = '';
    guard = undefined;
  };
  let i = 0;
  while (i < sql.length) {
    const rest = sql.slice(i);
    const skip =
      /^--[^\n]*/.exec(rest) ??
      /^\/\*[\s\S]*?\*\//.exec(rest) ??
      /^'(?:[^']|'')*'/.exec(rest) ??
      /^"(?:[^"]|"")*"/.exec(rest) ??
      dollarQuoted(rest);
    if (skip) {
      const token = skip[0];
      const opened = /^--\s*applied-if:(.*)$/.exec(token);
      if (opened && current.trim() === '') guard = opened[1] ?? '';
      else if (token.startsWith('--') && guard !== undefined && !current.trim())
        guard += ` ${token.slice(2).trim()}`;
      else if (!token.startsWith('--') && !token.startsWith('/*'))
        current += token;
      i += token.length;
    } else if (sql[i] === ';') {
      finish();
      i += 1;
    } else {
      current += sql[i];
      i += 1;
    }
  }
  finish();
  return steps;
}

function dollarQuoted(text: string): RegExpExecArray | null {
  const tag = /^\$[A-Za-z_]*\$/.exec(text)?.[0];
  if (!tag) return null;
  const end = text.indexOf(tag, tag.length);
  return end < 0 ? null : /[\s\S]*/.exec(text.slice(0, end + tag.length));
}

/**
 * Apply the migrations not yet recorded, in order. Each statement is written
 * to be re-runnable (IF NOT EXISTS on PostgreSQL, `applied-if` guards on
 * MySQL), so a run cut off half-way can simply be repeated. Returns the
 * names applied now. @throws DatabaseError
 */
export async function applyMigrations(
  db: DataApi,
  migrations: readonly Migration[],
  onApply: (name: string) => void = () => {},
): Promise<string[]> {
  const options = { deadline: Date.now() + 120_000 };
  const sql = (s: EngineStatement) => statementFor(db.engine, s);
  await db.query(sql(SQL.createSchemaMigrations), {}, options);
  const applied = new Set(
    (await db.query(sql(SQL.listMigrations), {}, options)).map(([n]) =>
      String(n),
    ),
  );
  const done: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.name)) continue;
    onApply(migration.name);
    for (const [index, step] of parseMigration(migration.sql).entries()) {
      const name = `${migration.name}#${index + 1}`;
      if (step.guard !== undefined) {
        const guard = { name: `${name}:applied-if`, sql: step.guard };
        if ((await db.query(guard, {}, options)).length > 0) continue;
      }
      await db.query({ name, sql: step.sql }, {}, options);
    }
    await db.query(sql(SQL.markMigration), { name: migration.name }, options);
    done.push(migration.name);
  }
  return done;
}
