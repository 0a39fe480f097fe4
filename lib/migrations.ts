import type { DataApi } from './data-api.js';

/** One migration file: its name (version) and SQL text. */
export interface Migration {
  readonly name: string;
  readonly sql: string;
}

/**
 * Split a migration file into single statements: the Data API refuses
 * multi-statement SQL (spec rds-data-api.md §4). Semicolons inside quotes,
 * comments and dollar-quoted bodies do not split. Pure.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
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
      if (!skip[0].startsWith('--') && !skip[0].startsWith('/*'))
        current += skip[0];
      i += skip[0].length;
    } else if (sql[i] === ';') {
      statements.push(current);
      current = '';
      i += 1;
    } else {
      current += sql[i];
      i += 1;
    }
  }
  statements.push(current);
  return statements.map((s) => s.trim()).filter(Boolean);
}

function dollarQuoted(text: string): RegExpExecArray | null {
  const tag = /^\$[A-Za-z_]*\$/.exec(text)?.[0];
  if (!tag) return null;
  const end = text.indexOf(tag, tag.length);
  return end < 0 ? null : /[\s\S]*/.exec(text.slice(0, end + tag.length));
}

const ensureTable = {
  name: 'createSchemaMigrations',
  sql: `CREATE TABLE IF NOT EXISTS schema_migrations (
          name VARCHAR(255) PRIMARY KEY,
          applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
};
const listApplied = {
  name: 'listMigrations',
  sql: 'SELECT name FROM schema_migrations',
};
const markApplied = {
  name: 'markMigration',
  sql: `INSERT INTO schema_migrations (name) VALUES (:name)
        ON CONFLICT (name) DO NOTHING`,
};

/**
 * Apply the migrations not yet recorded, in order. Each statement is written
 * to be re-runnable (IF NOT EXISTS), so a run cut off half-way can simply be
 * repeated. Returns the names applied now. @throws DatabaseError
 */
export async function applyMigrations(
  db: DataApi,
  migrations: readonly Migration[],
  onApply: (name: string) => void = () => {},
): Promise<string[]> {
  const options = { deadline: Date.now() + 120_000 };
  await db.query(ensureTable, {}, options);
  const applied = new Set(
    (await db.query(listApplied, {}, options)).map(([n]) => String(n)),
  );
  const done: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.name)) continue;
    onApply(migration.name);
    for (const [index, sql] of splitStatements(migration.sql).entries()) {
      await db.query(
        { name: `${migration.name}#${index + 1}`, sql },
        {},
        options,
      );
    }
    await db.query(markApplied, { name: migration.name }, options);
    done.push(migration.name);
  }
  return done;
}
