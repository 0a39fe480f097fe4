/** A PostgreSQL result column as both drivers describe it. */
export interface PgColumnDescription {
  readonly name: string;
  readonly typeOid: number;
  /** Source table OID, 0 when unknown (PGlite does not report it). */
  readonly tableOid: number;
  readonly typeModifier: number;
}

/** How a PostgreSQL type is encoded on the wire. */
export type ValueKind =
  | 'int'
  | 'float'
  | 'numeric'
  | 'bool'
  | 'bytea'
  | 'timestamptz'
  | 'text';

/** What the emulator knows about one built-in type OID. */
export interface PgType {
  readonly name: string;
  readonly kind: ValueKind;
  /** `java.sql.Types` code for `columnMetadata.type` (spec §3.8). */
  readonly jdbc: number;
  readonly precision: number;
}

const MAX = 2147483647;

function t(name: string, kind: ValueKind, jdbc: number, precision = MAX) {
  return { name, kind, jdbc, precision };
}

/** Scalar types the v2 service supports (spec §3.4), by OID. */
export const SCALAR_TYPES: ReadonlyMap<number, PgType> = new Map([
  [16, t('bool', 'bool', -7, 1)],
  [17, t('bytea', 'bytea', -2)],
  [18, t('char', 'text', 1, 1)],
  [19, t('name', 'text', 12)],
  [20, t('int8', 'int', -5, 19)],
  [21, t('int2', 'int', 5, 5)],
  [23, t('int4', 'int', 4, 10)],
  [25, t('text', 'text', 12)],
  [26, t('oid', 'int', -5, 10)],
  [114, t('json', 'text', 1111)],
  [650, t('cidr', 'text', 1111)],
  [700, t('float4', 'float', 7, 8)],
  [701, t('float8', 'float', 8, 17)],
  [869, t('inet', 'text', 1111)],
  [1042, t('bpchar', 'text', 1)],
  [1043, t('varchar', 'text', 12)],
  [1082, t('date', 'text', 91, 13)],
  [1083, t('time', 'text', 92, 15)],
  [1114, t('timestamp', 'text', 93, 29)],
  [1184, t('timestamptz', 'timestamptz', 93, 35)],
  [1186, t('interval', 'text', 1111, 49)],
  [1266, t('timetz', 'text', 92, 21)],
  [1560, t('bit', 'text', -7, 1)],
  [1700, t('numeric', 'numeric', 2, 0)],
  [2950, t('uuid', 'text', 1111)],
  [3802, t('jsonb', 'text', 1111)],
  [3904, t('int4range', 'text', 1111)],
  [3906, t('numrange', 'text', 1111)],
  [3910, t('tstzrange', 'text', 1111)],
]);

/** Supported array OIDs → element OID (spec §3.4). */
export const ARRAY_ELEMENTS: ReadonlyMap<number, number> = new Map([
  [1000, 16],
  [1561, 1560],
  [1182, 1082],
  [1231, 1700],
  [1022, 701],
  [1007, 23],
  [1005, 21],
  [1016, 20],
  [199, 114],
  [3807, 3802],
  [1021, 700],
  [1009, 25],
  [1014, 1042],
  [1015, 1043],
  [1003, 19],
  [1183, 1083],
  [1115, 1114],
  [1185, 1184],
  [2951, 2950],
]);

/** Names of common unsupported types, for the error message. */
const UNSUPPORTED_NAMES: ReadonlyMap<number, string> = new Map([
  [600, 'point'],
  [601, 'lseg'],
  [602, 'path'],
  [603, 'box'],
  [604, 'polygon'],
  [628, 'line'],
  [718, 'circle'],
  [790, 'money'],
  [829, 'macaddr'],
  [774, 'macaddr8'],
  [3926, 'int8range'],
  [3912, 'daterange'],
  [3908, 'tsrange'],
  [142, 'xml'],
  [1001, '_bytea'],
]);

// OIDs at or above FirstNormalObjectId belong to user types (enums, domains,
// extensions such as vector): rendered as text like the service does.
const FIRST_USER_OID = 10000;

/** The known type for an OID, a text fallback for user types, or null. */
export function lookupScalar(oid: number): PgType | null {
  const known = SCALAR_TYPES.get(oid);
  if (known) return known;
  if (oid >= FIRST_USER_OID) return t(`oid${oid}`, 'text', 1111);
  return null;
}

/** Name of an OID for `UnsupportedResultException` messages. */
export function typeNameOf(oid: number): string {
  return UNSUPPORTED_NAMES.get(oid) ?? SCALAR_TYPES.get(oid)?.name ?? `${oid}`;
}
