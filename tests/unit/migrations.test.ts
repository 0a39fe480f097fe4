import { parseMigration, splitStatements } from '../../lib/migrations.js';
import { migrationsFor } from '../../schema/migrate.js';

describe('splitStatements', () => {
  it('splits on semicolons outside quotes, comments and dollar quotes', () => {
    // Prepare
    const sql = `-- a comment; with a semicolon
CREATE TABLE a (x TEXT DEFAULT 'x;y');
/* block; comment */ CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;
SELECT "odd;name" FROM a;`;
    // Act
    const statements = splitStatements(sql);
    // Assert
    expect(statements).toEqual([
      "CREATE TABLE a (x TEXT DEFAULT 'x;y')",
      'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql',
      'SELECT "odd;name" FROM a',
    ]);
  });

  it('returns nothing for comments only', () => {
    // Prepare / Act
    const statements = splitStatements('-- nothing here\n\n');
    // Assert
    expect(statements).toEqual([]);
  });
});

describe('parseMigration', () => {
  it('attaches an applied-if guard, continued over comment lines, to the next statement only', () => {
    // Prepare
    const sql = `-- prose before the guard
-- applied-if: SELECT 1 FROM information_schema.columns
--   WHERE column_name = 'a'
ALTER TABLE t ADD COLUMN a INT;
-- just a comment
CREATE TABLE IF NOT EXISTS u (x INT);`;
    // Act
    const steps = parseMigration(sql);
    // Assert
    expect(steps).toEqual([
      {
        sql: 'ALTER TABLE t ADD COLUMN a INT',
        guard:
          "SELECT 1 FROM information_schema.columns WHERE column_name = 'a'",
      },
      { sql: 'CREATE TABLE IF NOT EXISTS u (x INT)' },
    ]);
  });

  it.each(['postgres', 'mysql'])(
    'reads every %s migration file into guarded or re-runnable statements',
    (engine) => {
      // Prepare
      const migrations = migrationsFor(engine, true);
      // Act
      const steps = migrations.flatMap((m) => parseMigration(m.sql));
      // Assert: PostgreSQL says IF NOT EXISTS; MySQL guards what cannot.
      expect(migrations.map((m) => m.name)).toContain(
        '0006_add_posts_ingest_batch_id.sql',
      );
      for (const step of steps) {
        const isRerunnable =
          /IF NOT EXISTS/i.test(step.sql) || step.guard !== undefined;
        expect({ sql: step.sql, isRerunnable }).toEqual({
          sql: step.sql,
          isRerunnable: true,
        });
      }
    },
  );
});
