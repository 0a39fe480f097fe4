import { PGlite } from '@electric-sql/pglite';
import type { Backend, RawResult, Session } from './backend.js';
import { SESSION_DEFAULTS } from './backend.js';
import { databaseError } from './errors.js';
import { pgColumn } from './field-encoding.js';
import { Mutex } from './mutex.js';
import { PG_DIALECT } from './pg-binding.js';

// Every type parses to and serializes from its text form: the encoder
// decides the Field member from the OID, never from a JS value (spec §10).
const identity = (value: unknown): unknown => value;
const RAW_TEXT = new Proxy({}, { get: () => identity });

// Separate statements: a multi-statement string is one implicit
// transaction block, where DISCARD ALL is refused.
const SET_DEFAULTS = SESSION_DEFAULTS.map(
  ([name, value]) => `SET ${name} = '${value}'`,
).join('; ');

async function resetSession(db: PGlite): Promise<void> {
  await db.exec('ROLLBACK');
  await db.exec('DISCARD ALL');
  await db.exec(SET_DEFAULTS);
}

interface Instance {
  readonly db: Promise<PGlite>;
  readonly mutex: Mutex;
}

async function openInstance(template?: Blob): Promise<PGlite> {
  // Loading a dumped data directory skips initdb: ~3x faster than fresh.
  const db = await PGlite.create(template ? { loadDataDir: template } : {});
  // PGlite copies constructor parsers with a spread; assign the proxy after.
  Reflect.set(db, 'parsers', RAW_TEXT);
  await resetSession(db);
  return db;
}

function toRawResult(result: {
  fields: { name: string; dataTypeID: number }[];
  rows: unknown[];
  affectedRows?: number;
}): RawResult {
  const hasResultSet = result.fields.length > 0;
  return {
    hasResultSet,
    columns: result.fields.map((field) =>
      pgColumn({
        name: field.name,
        typeOid: field.dataTypeID,
        tableOid: 0,
        typeModifier: -1,
      }),
    ),
    rows: result.rows.map((row) =>
      Array.isArray(row)
        ? row.map((cell: unknown) => (cell === null ? null : String(cell)))
        : [],
    ),
    rowCount: hasResultSet ? 0 : (result.affectedRows ?? 0),
  };
}

/**
 * PGlite backend: one in-memory instance per database name. PGlite has one
 * connection, so a session (a call or a whole transaction) holds the
 * instance and other calls wait for it.
 */
export class PgliteBackend implements Backend {
  readonly engine = 'pglite';
  readonly dialect = PG_DIALECT;
  private readonly instances = new Map<string, Instance>();
  private readonly defaultDatabase: string;
  private readonly template: Promise<Blob>;
  /** One instance created ahead, so `createDatabase` is quick. */
  private spare?: Promise<PGlite>;

  constructor(defaultDatabase: string) {
    this.defaultDatabase = defaultDatabase;
    const first = openInstance();
    this.template = first.then((db) => db.dumpDataDir('none'));
    this.template.catch(() => {}); // surfaced on first use
    this.instances.set(defaultDatabase, this.newInstance(first));
  }

  private newInstance(db: Promise<PGlite>): Instance {
    db.catch(() => {}); // surfaced on first use
    return { db, mutex: new Mutex() };
  }

  private takeSpare(): Promise<PGlite> {
    const taken = this.spare ?? this.template.then(openInstance);
    this.spare = this.template.then(openInstance);
    this.spare.catch(() => {});
    return taken;
  }

  async ready(): Promise<void> {
    await this.instances.get(this.defaultDatabase)?.db;
  }

  async acquire(database: string): Promise<Session> {
    const instance = this.instances.get(database);
    if (instance === undefined) {
      throw databaseError(
        `FATAL: database "${database}" does not exist; SQLState: 3D000`,
      );
    }
    const unlock = await instance.mutex.lock();
    try {
      const db = await instance.db;
      return {
        pid: 42, // PGlite's single backend always reports this pid
        query: async (text, values) =>
          toRawResult(
            await db.query(text, [...values], {
              rowMode: 'array',
              serializers: RAW_TEXT,
            }),
          ),
        cancel: async () => {}, // WASM runs synchronously: nothing to cancel
        release: async () => {
          try {
            await resetSession(db);
          } finally {
            unlock();
          }
        },
      };
    } catch (error: unknown) {
      unlock();
      throw error;
    }
  }

  async listDatabases(): Promise<string[]> {
    return [...this.instances.keys()];
  }

  async createDatabase(name: string): Promise<void> {
    if (this.instances.has(name)) {
      throw databaseError(
        `ERROR: database "${name}" already exists; SQLState: 42P04`,
      );
    }
    const instance = this.newInstance(this.takeSpare());
    this.instances.set(name, instance);
    await instance.db;
  }

  async dropDatabase(name: string): Promise<void> {
    const instance = this.instances.get(name);
    if (instance === undefined || name === this.defaultDatabase) {
      throw databaseError(
        `ERROR: database "${name}" cannot be dropped or does not exist; SQLState: 3D000`,
      );
    }
    this.instances.delete(name);
    const unlock = await instance.mutex.lock();
    await (await instance.db).close();
    unlock();
  }

  async close(): Promise<void> {
    const all = [...this.instances.values()];
    if (this.spare) all.push(this.newInstance(this.spare));
    this.spare = undefined;
    this.instances.clear();
    await Promise.all(all.map(async (i) => (await i.db).close()));
  }
}
