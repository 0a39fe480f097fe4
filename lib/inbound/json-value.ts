/** Values produced by the lossless JSON reader in `json.ts`. */

/** A JSON number kept as its exact literal text. */
export class JsonNumber {
  readonly text: string;
  /** True when the literal has no fraction and no exponent. */
  readonly isInteger: boolean;
  constructor(text: string) {
    this.text = text;
    this.isInteger = !/[.eE]/.test(text);
  }
}

/** A parsed JSON value; objects are maps, so no key reaches a prototype. */
export type JsonValue =
  | null
  | boolean
  | string
  | JsonNumber
  | readonly JsonValue[]
  | JsonObject;

/** A parsed JSON object: the last of duplicate keys wins, like JSON.parse. */
export type JsonObject = ReadonlyMap<string, JsonValue>;

/** Tell whether a parsed value is a JSON object. */
export function isJsonObject(
  value: JsonValue | undefined,
): value is JsonObject {
  return value instanceof Map;
}

/** Tell whether a parsed value is a JSON array. */
export function isJsonArray(
  value: JsonValue | undefined,
): value is readonly JsonValue[] {
  return Array.isArray(value);
}

/** Name a value's JSON type for a quarantine detail. */
export function describeJsonType(value: JsonValue | undefined): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (value instanceof JsonNumber) {
    return value.isInteger ? 'an integer' : 'a non-integer number';
  }
  if (value instanceof Map) return 'an object';
  if (isJsonArray(value)) return 'an array';
  return typeof value === 'string' ? 'a string' : 'a boolean';
}
