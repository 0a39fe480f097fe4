import {
  ARRAY_ELEMENTS,
  lookupScalar,
  type PgColumnDescription,
} from './pg-types.js';
import type { WireValue } from './wire-json.js';

const ARRAY_JDBC = 2003;

function precisionScale(oid: number, typmod: number, fallback: number) {
  if (typmod < 0) {
    return { precision: fallback, scale: oid === 1114 || oid === 1184 ? 6 : 0 };
  }
  if (oid === 1700) {
    const packed = typmod - 4;
    return { precision: (packed >> 16) & 0xffff, scale: packed & 0xffff };
  }
  if (oid === 1043 || oid === 1042) return { precision: typmod - 4, scale: 0 };
  if (oid === 1114 || oid === 1184 || oid === 1083) {
    return { precision: fallback, scale: typmod };
  }
  return { precision: fallback, scale: 0 };
}

/**
 * `ColumnMetadata` for one PostgreSQL result column (spec §3.8), following the pgjdbc
 * conventions. Best effort: nullability and auto-increment are not looked
 * up, and `tableName` is always `""`.
 */
export function columnMetadata(column: PgColumnDescription): WireValue {
  const element = ARRAY_ELEMENTS.get(column.typeOid);
  const scalarOid = element ?? column.typeOid;
  const type = lookupScalar(scalarOid);
  const name = type?.name ?? `${column.typeOid}`;
  const numeric =
    type?.kind === 'int' || type?.kind === 'float' || type?.kind === 'numeric';
  const { precision, scale } = precisionScale(
    column.typeOid,
    column.typeModifier,
    type?.precision ?? 0,
  );
  return {
    name: column.name,
    label: column.name,
    type: element === undefined ? (type?.jdbc ?? 1111) : ARRAY_JDBC,
    typeName: element === undefined ? name : `_${name}`,
    schemaName: '',
    tableName: '',
    isAutoIncrement: false,
    isSigned: numeric,
    isCurrency: false,
    isCaseSensitive:
      type?.kind === 'text' && (type.jdbc === 12 || type.jdbc === 1),
    nullable: column.tableOid === 0 ? 2 : 1,
    precision,
    scale,
    arrayBaseColumnType: element === undefined ? 0 : (type?.jdbc ?? 0),
  };
}
