/**
 * The benchmark's own Data API emulator (in this process, on a free port),
 * so injected latency never reaches anyone else's tests on 8099. PGlite by
 * default; real PostgreSQL with LOCAL_DB_ENGINE=postgres and LOCAL_PG_URL.
 */
import { randomUUID } from 'node:crypto';
import { applyMigrations } from '../lib/migrations.js';
import { localDataApi } from '../local/admin.js';
import { startDataApiServer } from '../local/data-api/server.js';
import { migrationsFor } from '../schema/migrate.js';

/** A running emulator with the admin calls the benchmarks need. */
export interface BenchEmulator {
  readonly url: string;
  readonly engine: 'pglite' | 'postgres';
  /** Injected latency for every Data API call from now on. */
  setLatency(ms: number): Promise<void>;
  /** Data API requests received so far (admin calls not counted). */
  requestCount(): Promise<number>;
  /** A migrated database with `users` local users; returns its name. */
  freshDatabase(users: number): Promise<string>;
  dropDatabase(name: string): Promise<void>;
  close(): Promise<void>;
}

/** @throws Error when postgres is asked for without LOCAL_PG_URL. */
export async function startBenchEmulator(): Promise<BenchEmulator> {
  const engine =
    process.env.LOCAL_DB_ENGINE === 'postgres' ? 'postgres' : 'pglite';
  const url = process.env.LOCAL_PG_URL;
  if (engine === 'postgres' && !url) {
    throw new Error('LOCAL_DB_ENGINE=postgres needs LOCAL_PG_URL');
  }
  const server = await startDataApiServer({ engine, url, port: 0 });
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}/_admin/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${text}`);
    return JSON.parse(text) as { counters?: { requests?: number } };
  };
  const env = { ...process.env, DATA_API_ENDPOINT: server.url };
  return {
    url: server.url,
    engine,
    setLatency: async (ms) =>
      void (await admin('POST', 'faults', { latencyMs: ms })),
    requestCount: async () =>
      (await admin('GET', 'faults')).counters?.requests ?? 0,
    freshDatabase: async (users) => {
      const name = `bench_${randomUUID().slice(0, 8)}`;
      await admin('POST', 'databases', { name });
      const db = localDataApi(name, env);
      await applyMigrations(db, migrationsFor('postgres', true));
      await db.query(
        {
          name: 'benchSeedUsers',
          sql: `INSERT INTO users (username)
                SELECT 'bench_user_' || g FROM generate_series(1, :n) AS g`,
        },
        { n: users },
      );
      return name;
    },
    dropDatabase: async (name) =>
      void (await admin('DELETE', `databases/${name}`)),
    close: () => server.close(),
  };
}
