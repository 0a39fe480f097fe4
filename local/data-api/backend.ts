import type { EncodeOptions } from './field-encoding.js';
import type { SqlParam } from './parameters.js';
import type { ScannedSql } from './sql-tokenizer.js';
import type { WireValue } from './wire-json.js';

/**
 * A column of a result set. Each engine builds its own columns, which know
 * how to encode their values (spec §3.4 PostgreSQL, §3.5 MySQL).
 */
export interface ResultColumn {
  /** The column label, used as the key of `formattedRecords`. */
  readonly name: string;
  /**
   * One value as a `Field` union with exactly one member (spec §1.3).
   * @throws DataApiError `UnsupportedResultException`
   */
  encode(text: string | null, options: EncodeOptions): WireValue;
  /** `ColumnMetadata` (spec §3.8). */
  metadata(): WireValue;
}

/** One statement's raw outcome: every value kept as the server's text. */
export interface RawResult {
  /** True when the statement produced a row description (a result set). */
  readonly hasResultSet: boolean;
  readonly columns: readonly ResultColumn[];
  readonly rows: readonly (readonly (string | null)[])[];
  /** Rows affected by INSERT/UPDATE/DELETE, 0 otherwise. */
  readonly rowCount: number;
  /** MySQL: the AUTO_INCREMENT id of an INSERT (spec §3.9), as text. */
  readonly generatedId?: string;
}

/** SQL ready for a driver, with the values it still needs. */
export interface BoundStatement {
  readonly text: string;
  readonly values: readonly (string | null)[];
  /** Maps a server error position back to the SQL the service sends. */
  readonly mapPosition: (position: number) => number;
}

/** How one SQL dialect reads and binds statements (spec §3.3, §4). */
export interface Dialect {
  /** `#` comments, backtick identifiers, backslash escapes (MySQL). */
  readonly isMysql: boolean;
  /**
   * Replaces `:name` placeholders like the service's JDBC binding.
   * @throws DataApiError `BadRequestException` "Cannot find parameter: x"
   */
  bind(scanned: ScannedSql, params: readonly SqlParam[]): BoundStatement;
  /** Refuses what the production engine would refuse. @throws DataApiError */
  check(scanned: ScannedSql): void;
  /** Error for a batch statement that returned rows (spec §2.2). */
  readonly batchResultMessage: string;
}

/** One database connection, held for one call or one transaction. */
export interface Session {
  /** Backend process / thread id, reported as `dbConnectionId`. */
  readonly pid: number;
  /** Runs one bound statement. */
  query(text: string, values: readonly (string | null)[]): Promise<RawResult>;
  /** Asks the server to cancel the running statement (best effort). */
  cancel(): Promise<void>;
  /** Resets session state (spec §4, §8) and gives the connection back. */
  release(): Promise<void>;
}

/** A database engine behind the emulator. */
export interface Backend {
  readonly engine: 'pglite' | 'postgres' | 'mysql';
  readonly dialect: Dialect;
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
