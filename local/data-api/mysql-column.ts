import type { ResultColumn } from './backend.js';
import { DataApiError } from './errors.js';
import type { EncodeOptions } from './field-encoding.js';
import {
  bytesPerChar,
  FLAGS,
  type MysqlColumnDescription,
  type MysqlType,
  mysqlTypeOf,
} from './mysql-types.js';
import { RawJson, type WireValue } from './wire-json.js';

const MAX_SIGNED_LONG = 9223372036854775807n;

/** Trims trailing fractional zeros: `…04.000050` → `…04.00005` (§3.6). */
export function trimFraction(text: string): string {
  return text.replace(/\.(\d*?)0+$/, (_, kept: string) =>
    kept === '' ? '' : `.${kept}`,
  );
}

function doubleOf(text: string): RawJson {
  return new RawJson(String(Number(text)));
}

function encodeValue(
  type: MysqlType,
  column: MysqlColumnDescription,
  text: string,
  options: EncodeOptions,
): WireValue {
  switch (type.kind) {
    case 'bool':
      // TINYINT(1) arrives as digits, BIT(1) as hex bytes.
      return { booleanValue: /[1-9a-f]/i.test(text) };
    case 'int':
      // BIGINT UNSIGNED above 2^63-1 has no long form (spec §3.5).
      if (options.longReturnType === 'STRING' || BigInt(text) > MAX_SIGNED_LONG)
        return { stringValue: text };
      return { longValue: new RawJson(text) };
    case 'float':
      return { doubleValue: doubleOf(text) };
    case 'decimal':
      if (options.decimalReturnType === 'STRING') return { stringValue: text };
      return column.decimals === 0
        ? { longValue: new RawJson(text) }
        : { doubleValue: doubleOf(text) };
    case 'datetime':
      return { stringValue: trimFraction(text) };
    case 'binary':
      return { blobValue: Buffer.from(text, 'hex').toString('base64') };
    case 'text':
      return { stringValue: text };
    case 'unsupported':
      throw new DataApiError(
        'UnsupportedResultException',
        `The result contains the unsupported data type ${type.name}`,
      );
  }
}

function precisionOf(type: MysqlType, column: MysqlColumnDescription) {
  const { columnLength, decimals, flags } = column;
  if (type.kind === 'decimal') {
    const sign = flags & FLAGS.unsigned ? 0 : 1;
    return columnLength - sign - (decimals > 0 ? 1 : 0);
  }
  if (type.kind === 'text' && type.jdbc !== 91) {
    return Math.floor(columnLength / bytesPerChar(column.characterSet));
  }
  return columnLength;
}

function metadataOf(
  type: MysqlType,
  column: MysqlColumnDescription,
): WireValue {
  const isNumeric =
    type.kind === 'int' || type.kind === 'float' || type.kind === 'decimal';
  return {
    name: column.orgName || column.name,
    label: column.name,
    type: type.jdbc,
    typeName: type.name,
    schemaName: '',
    tableName: column.orgTable,
    isAutoIncrement: (column.flags & FLAGS.autoIncrement) !== 0,
    isSigned: isNumeric && (column.flags & FLAGS.unsigned) === 0,
    isCurrency: false,
    isCaseSensitive: type.kind === 'binary',
    nullable: column.flags & FLAGS.notNull ? 0 : 1,
    precision: precisionOf(type, column),
    scale:
      type.kind === 'decimal' || type.kind === 'datetime' ? column.decimals : 0,
    arrayBaseColumnType: 0,
  };
}

/**
 * A MySQL result column (spec §3.5, §3.8). Values arrive as the server's
 * text, binary ones (blobs, BIT) as hex.
 */
export function mysqlColumn(column: MysqlColumnDescription): ResultColumn {
  const type = mysqlTypeOf(column);
  return {
    name: column.name,
    encode: (text, options) =>
      text === null
        ? { isNull: true }
        : encodeValue(type, column, text, options),
    metadata: () => metadataOf(type, column),
  };
}

/** True when the column's values must be read as bytes (sent as hex). */
export function isBinaryColumn(column: MysqlColumnDescription): boolean {
  const kind = mysqlTypeOf(column).kind;
  return (
    kind === 'binary' || kind === 'unsupported' || column.columnType === 16
  );
}
