import pg from 'pg';
import type { Backend, RawResult, Session } from './backend.js';
import { SESSION_DEFAULTS } from './backend.js';
import { isPgError } from './errors.js';
import { pgColumn } from './field-encoding.js';
import { PG_DIALECT } from './pg-binding.js';

// Keep every value as the server's text (spec §10: decide from the OID).
const RAW_TYPES = { getTypeParser: () => (value: string) => value };

// Session defaults as connection options, so `DISCARD ALL` returns to them.
const OPTIONS = SESSION_DEFAULTS.map(([k, v]) => `-c ${k}=${v}`).join(' ');

function urlFor(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A real PostgreSQL server through `pg`: one pool per database name. */
export class PostgresBackend implements Backend {
  readonly engine = 'postgres';
  readonly dialect = PG_DIALECT;
  private readonly pools = new Map<string, pg.Pool>();
  private readonly pids = new WeakMap<pg.PoolClient, number>();
  private readonly admin: pg.Pool;
  private readonly url: string;

  constructor(url: string) {
    this.url = url;
    this.admin = new pg.Pool({ connectionString: url, max: 2 });
    this.admin.on('error', () => {});
  }

  private poolFor(database: string): pg.Pool {
    let pool = this.pools.get(database);
    if (pool === undefined) {
      const connectionString = urlFor(this.url, database);
      pool = new pg.Pool({ connectionString, options: OPTIONS, max: 10 });
      pool.on('error', () => {}); // idle client died; the pool replaces it
      this.pools.set(database, pool);
    }
    return pool;
  }

  private async endPool(database: string): Promise<void> {
    const pool = this.pools.get(database);
    this.pools.delete(database);
    await pool?.end();
  }

  async ready(): Promise<void> {
    await this.admin.query('SELECT 1');
  }

  async acquire(database: string): Promise<Session> {
    let client: pg.PoolClient;
    try {
      client = await this.poolFor(database).connect();
    } catch (error: unknown) {
      if (isPgError(error)) await this.endPool(database);
      throw error;
    }
    let pid = this.pids.get(client);
    if (pid === undefined) {
      const result = await client.query('SELECT pg_backend_pid() AS pid');
      pid = Number(result.rows[0]?.pid ?? 0);
      this.pids.set(client, pid);
    }
    const knownPid = pid;
    return {
      pid: knownPid,
      query: async (text, values): Promise<RawResult> => {
        const result = await client.query({
          text,
          values: [...values],
          rowMode: 'array',
          types: RAW_TYPES,
        });
        const hasResultSet = result.fields.length > 0;
        return {
          hasResultSet,
          columns: result.fields.map((f) =>
            pgColumn({
              name: f.name,
              typeOid: f.dataTypeID,
              tableOid: f.tableID,
              typeModifier: f.dataTypeModifier,
            }),
          ),
          rows: result.rows.map((row: unknown[]) =>
            row.map((cell) => (cell === null ? null : String(cell))),
          ),
          rowCount: hasResultSet ? 0 : (result.rowCount ?? 0),
        };
      },
      cancel: async () => {
        await this.admin.query('SELECT pg_cancel_backend($1)', [knownPid]);
      },
      release: async () => {
        try {
          await client.query('ROLLBACK');
          await client.query('DISCARD ALL');
          client.release();
        } catch (error: unknown) {
          client.release(error instanceof Error ? error : true);
        }
      },
    };
  }

  async listDatabases(): Promise<string[]> {
    const result = await this.admin.query(
      'SELECT datname FROM pg_database WHERE NOT datistemplate ORDER BY 1',
    );
    return result.rows.map((row: { datname: string }) => row.datname);
  }

  async createDatabase(name: string): Promise<void> {
    await this.admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
  }

  async dropDatabase(name: string): Promise<void> {
    await this.endPool(name);
    await this.admin.query(`DROP DATABASE ${quoteIdent(name)} WITH (FORCE)`);
  }

  async close(): Promise<void> {
    const names = [...this.pools.keys()];
    await Promise.all(names.map((name) => this.endPool(name)));
    await this.admin.end();
  }
}
