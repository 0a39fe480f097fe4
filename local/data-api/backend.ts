/** A column of a result set as the drivers describe it. */
export interface ResultColumn {
  readonly name: string;
  readonly typeOid: number;
  /** Source table OID, 0 when unknown (PGlite does not report it). */
  readonly tableOid: number;
  readonly typeModifier: number;
}

/** One statement's raw outcome: every value kept as the server's text. */
export interface RawResult {
  /** True when the statement produced a row description (a result set). */
  readonly hasResultSet: boolean;
  readonly columns: readonly ResultColumn[];
  readonly rows: readonly (readonly (string | null)[])[];
  /** Rows affected by INSERT/UPDATE/DELETE, 0 otherwise. */
  readonly rowCount: number;
}

/** One database connection, held for one call or one transaction. */
export interface Session {
  /** Backend process id, reported as `dbConnectionId` on timeouts. */
  readonly pid: number;
  /** Runs one statement with `$n` placeholders and text values. */
  query(text: string, values: readonly (string | null)[]): Promise<RawResult>;
  /** Asks the server to cancel the running statement (best effort). */
  cancel(): Promise<void>;
  /** Resets session state (spec §4, §8) and gives the connection back. */
  release(): Promise<void>;
}

/** A database engine behind the emulator. */
export interface Backend {
  readonly engine: 'pglite' | 'postgres';
  /** Resolves once the default database answers. @throws its error */
  ready(): Promise<void>;
  /**
   * A session on `database`.
   * @throws DataApiError `DatabaseErrorException` when it does not exist.
   */
  acquire(database: string): Promise<Session>;
  listDatabases(): Promise<string[]>;
  createDatabase(name: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Session defaults the service sets on every connection (spec §8). */
export const SESSION_DEFAULTS = [
  ['TimeZone', 'UTC'],
  ['DateStyle', 'ISO'],
  ['IntervalStyle', 'postgres'],
] as const;

/** Database names the admin endpoint accepts (a safe identifier). */
export const DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,62}$/;
