/** A MySQL/MariaDB result column as `mysql2` describes it. */
export interface MysqlColumnDescription {
  readonly name: string;
  readonly orgName: string;
  readonly orgTable: string;
  /** Protocol type code (`MYSQL_TYPE_*`). */
  readonly columnType: number;
  /** Display length in bytes. */
  readonly columnLength: number;
  readonly decimals: number;
  readonly characterSet: number;
  readonly flags: number;
  /** MariaDB extended metadata, e.g. `json` for its JSON alias. */
  readonly extendedFormat?: string;
}

/** How a MySQL value is encoded on the wire (spec §3.5). */
export type MysqlKind =
  | 'int'
  | 'bool'
  | 'float'
  | 'decimal'
  | 'datetime'
  | 'text'
  | 'binary'
  | 'unsupported';

/** What the emulator knows about one column. */
export interface MysqlType {
  readonly kind: MysqlKind;
  /** Upper-case type name with ` UNSIGNED` where it applies (spec §3.8). */
  readonly name: string;
  /** `java.sql.Types` code, Connector/J convention. */
  readonly jdbc: number;
}

/** Column flags of the protocol. */
export const FLAGS = {
  notNull: 1,
  unsigned: 32,
  autoIncrement: 512,
  enum: 256,
  set: 2048,
} as const;

const BINARY_CHARSET = 63;

type Entry = readonly [MysqlKind, string, number];

// Protocol type code → kind, name, JDBC code (Connector/J's mapping).
const BY_CODE: ReadonlyMap<number, Entry> = new Map<number, Entry>([
  [0, ['decimal', 'DECIMAL', 3]],
  [246, ['decimal', 'DECIMAL', 3]],
  [1, ['int', 'TINYINT', -6]],
  [2, ['int', 'SMALLINT', 5]],
  [9, ['int', 'MEDIUMINT', 4]],
  [3, ['int', 'INT', 4]],
  [8, ['int', 'BIGINT', -5]],
  [4, ['float', 'FLOAT', 7]],
  [5, ['float', 'DOUBLE', 8]],
  [6, ['text', 'NULL', 0]],
  [7, ['datetime', 'TIMESTAMP', 93]],
  [12, ['datetime', 'DATETIME', 93]],
  [10, ['text', 'DATE', 91]],
  [14, ['text', 'DATE', 91]],
  [11, ['datetime', 'TIME', 92]],
  [13, ['text', 'YEAR', 91]],
  [245, ['text', 'JSON', -1]],
  [247, ['text', 'ENUM', 1]],
  [248, ['text', 'SET', 1]],
  [255, ['unsupported', 'GEOMETRY', -2]],
  [242, ['unsupported', 'VECTOR', -3]],
]);

function pair(text: Entry, binary: Entry): readonly [Entry, Entry] {
  return [text, binary];
}

// String types: the binary character set makes them blobs.
const STRINGS: ReadonlyMap<number, readonly [Entry, Entry]> = new Map([
  [254, pair(['text', 'CHAR', 1], ['binary', 'BINARY', -2])],
  [253, pair(['text', 'VARCHAR', 12], ['binary', 'VARBINARY', -3])],
  [15, pair(['text', 'VARCHAR', 12], ['binary', 'VARBINARY', -3])],
  [249, pair(['text', 'TINYTEXT', -1], ['binary', 'TINYBLOB', -4])],
  [250, pair(['text', 'MEDIUMTEXT', -1], ['binary', 'MEDIUMBLOB', -4])],
  [251, pair(['text', 'LONGTEXT', -1], ['binary', 'LONGBLOB', -4])],
  [252, pair(['text', 'TEXT', -1], ['binary', 'BLOB', -4])],
]);

function stringEntry(column: MysqlColumnDescription): Entry | undefined {
  const pair = STRINGS.get(column.columnType);
  if (pair === undefined) return undefined;
  if (column.characterSet === BINARY_CHARSET) return pair[1];
  if (column.extendedFormat === 'json') return ['text', 'JSON', -1];
  if (column.flags & FLAGS.enum) return ['text', 'ENUM', 1];
  if (column.flags & FLAGS.set) return ['text', 'SET', 1];
  return pair[0];
}

/**
 * Classifies a column (spec §3.5): TINYINT(1) and BIT(1) are booleans,
 * other BITs and binary strings blobs, GEOMETRY unsupported.
 */
export function mysqlTypeOf(column: MysqlColumnDescription): MysqlType {
  const { columnType, columnLength, flags } = column;
  if (columnType === 1 && columnLength === 1) {
    return { kind: 'bool', name: 'BIT', jdbc: -7 };
  }
  if (columnType === 16) {
    return columnLength === 1
      ? { kind: 'bool', name: 'BIT', jdbc: -7 }
      : { kind: 'binary', name: 'BIT', jdbc: -7 };
  }
  const [kind, name, jdbc] = stringEntry(column) ??
    BY_CODE.get(columnType) ?? ['unsupported', `TYPE ${columnType}`, 1111];
  const isNumeric = kind === 'int' || kind === 'float' || kind === 'decimal';
  const unsigned = isNumeric && (flags & FLAGS.unsigned) !== 0;
  return { kind, name: unsigned ? `${name} UNSIGNED` : name, jdbc };
}

/** Bytes per character of a collation id, for `precision` (spec §3.8). */
export function bytesPerChar(characterSet: number): number {
  if (characterSet === 33 || characterSet === 83) return 3;
  if (characterSet >= 192 && characterSet <= 215) return 3;
  if (characterSet === 45 || characterSet === 46) return 4;
  if (characterSet >= 224 && characterSet <= 247) return 4;
  if (characterSet >= 255) return 4;
  return 1;
}
