import { splitStatements } from '../../lib/migrations.js';

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
