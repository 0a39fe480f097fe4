import mysql, {
  type FieldPacket,
  type Pool,
  type PoolConnection,
  type PoolOptions,
  type ResultSetHeader,
  type TypeCast,
} from 'mysql2/promise';
import type { Backend, RawResult, Session } from './backend.js';
import {
  databaseError,
  formatMysqlError,
  isMysqlError,
  type MysqlErrorStyle,
} from './errors.js';
import { mysqlDialect } from './mysql-binding.js';
import { isBinaryColumn, mysqlColumn } from './mysql-column.js';
import type { MysqlColumnDescription } from './mysql-types.js';

// Session defaults of the service (spec §8), re-applied after every reset.
const SET_DEFAULTS = "SET time_zone = '+00:00', NAMES utf8mb4";
const SYSTEM_SCHEMAS = [
  'information_schema',
  'mysql',
  'performance_schema',
  'sys',
];

// Raw bytes for every value: the column type decides the Field (spec §10).
const RAW_BYTES: TypeCast = (field) => field.buffer();

function optionsFrom(url: string, database: string): PoolOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 3306),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: database === '' ? undefined : database,
    charset: 'utf8mb4',
    timezone: 'Z',
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    jsonStrings: true,
    multipleStatements: false, // the service refuses them (spec §4)
    connectionLimit: 10,
  };
}

function describe(field: FieldPacket): MysqlColumnDescription {
  return {
    name: field.name,
    orgName: field.orgName,
    orgTable: field.orgTable,
    columnType: field.columnType ?? field.type ?? 0,
    columnLength: field.columnLength ?? field.length ?? 0,
    decimals: field.decimals,
    characterSet: field.characterSet ?? 63,
    flags: typeof field.flags === 'number' ? field.flags : 0,
    extendedFormat: field.extendedFormat,
  };
}

function toText(cell: unknown, isBinary: boolean): string | null {
  if (cell === null || cell === undefined) return null;
  if (!Buffer.isBuffer(cell)) return String(cell);
  return cell.toString(isBinary ? 'hex' : 'utf8');
}

/** Runs a driver call, turning server errors into the service's wording. */
async function mapped<T>(style: MysqlErrorStyle, run: () => Promise<T>) {
  try {
    return await run();
  } catch (error: unknown) {
    if (isMysqlError(error))
      throw databaseError(formatMysqlError(error, style));
    throw error;
  }
}

function isHeader(value: unknown): value is ResultSetHeader {
  return typeof value === 'object' && value !== null && 'affectedRows' in value;
}

async function runQuery(conn: PoolConnection, sql: string): Promise<RawResult> {
  const [rows, fields] = await conn.query({
    sql,
    typeCast: RAW_BYTES,
    rowsAsArray: true,
  });
  if (isHeader(rows)) {
    const id = String(rows.insertId);
    return {
      hasResultSet: false,
      columns: [],
      rows: [],
      rowCount: rows.affectedRows, // found rows, the driver default (§3.9)
      generatedId: id === '0' ? undefined : id,
    };
  }
  const described = (fields ?? []).map(describe);
  const binary = described.map(isBinaryColumn);
  const list: unknown[] = Array.isArray(rows) ? rows : [];
  return {
    hasResultSet: true,
    columns: described.map(mysqlColumn),
    rows: list.map((row) =>
      Array.isArray(row)
        ? row.map((cell: unknown, i) => toText(cell, binary[i] ?? false))
        : [],
    ),
    rowCount: 0,
  };
}

function firstCell(row: unknown): string {
  return Array.isArray(row) ? String(row[0]) : '';
}

function quoteIdent(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

/**
 * MySQL/MariaDB through `mysql2`: one pool per database name ('' = no
 * default schema, like the service without `database`); the `--url`
 * connection is used for admin work and `KILL QUERY`.
 */
export class MysqlBackend implements Backend {
  readonly engine = 'mysql';
  readonly dialect;
  private readonly pools = new Map<string, Pool>();
  private readonly admin: Pool;
  private readonly url: string;
  private readonly style: MysqlErrorStyle;
  private readonly prepared = new WeakSet<PoolConnection>();

  constructor(url: string, style: MysqlErrorStyle = 'sqlstate') {
    this.url = url;
    this.style = style;
    this.dialect = mysqlDialect(style);
    this.admin = mysql.createPool({
      ...optionsFrom(url, ''),
      connectionLimit: 2,
    });
  }

  private poolFor(database: string): Pool {
    let pool = this.pools.get(database);
    if (pool === undefined) {
      pool = mysql.createPool(optionsFrom(this.url, database));
      this.pools.set(database, pool);
    }
    return pool;
  }

  private async endPool(database: string): Promise<void> {
    const pool = this.pools.get(database);
    this.pools.delete(database);
    await pool?.end().catch(() => {});
  }

  async ready(): Promise<void> {
    await mapped(this.style, () => this.admin.query('SELECT 1'));
  }

  async acquire(database: string): Promise<Session> {
    const conn = await mapped(this.style, () =>
      this.poolFor(database).getConnection(),
    ).catch(async (error: unknown) => {
      await this.endPool(database); // e.g. unknown database: don't keep it
      throw error;
    });
    try {
      if (!this.prepared.has(conn)) {
        await conn.query(SET_DEFAULTS);
        this.prepared.add(conn);
      }
    } catch (error: unknown) {
      conn.destroy();
      throw error;
    }
    return this.session(conn);
  }

  private session(conn: PoolConnection): Session {
    const pid = conn.threadId;
    return {
      pid,
      query: (text) => mapped(this.style, () => runQuery(conn, text)),
      cancel: async () => {
        await this.admin.query(`KILL QUERY ${pid}`);
      },
      release: async () => {
        try {
          // ROLLBACK, then COM_RESET_CONNECTION (spec §4: no leaked state).
          await conn.query('ROLLBACK');
          await conn.reset();
          await conn.query(SET_DEFAULTS);
          conn.release();
        } catch {
          conn.destroy();
        }
      },
    };
  }

  async listDatabases(): Promise<string[]> {
    const [rows] = await this.admin.query({
      sql: 'SHOW DATABASES',
      rowsAsArray: true,
    });
    const names = Array.isArray(rows) ? rows.map(firstCell) : [];
    return names.filter((name) => !SYSTEM_SCHEMAS.includes(name)).sort();
  }

  async createDatabase(name: string): Promise<void> {
    await mapped(this.style, () =>
      this.admin.query(
        `CREATE DATABASE ${quoteIdent(name)} CHARACTER SET utf8mb4`,
      ),
    );
  }

  async dropDatabase(name: string): Promise<void> {
    await this.endPool(name);
    // Like PostgreSQL's WITH (FORCE): end sessions still using it.
    const [rows] = await this.admin.query({
      sql: 'SELECT id FROM information_schema.processlist WHERE db = ?',
      values: [name],
      rowsAsArray: true,
    });
    const ids = Array.isArray(rows) ? rows.map(firstCell) : [];
    for (const id of ids) {
      await this.admin.query(`KILL ${Number(id)}`).catch(() => {});
    }
    await mapped(this.style, () =>
      this.admin.query(`DROP DATABASE ${quoteIdent(name)}`),
    );
  }

  async close(): Promise<void> {
    const names = [...this.pools.keys()];
    await Promise.all(names.map((name) => this.endPool(name)));
    await this.admin.end();
  }
}
