/**
 * JSON text that is written verbatim on the wire. Used for `longValue` and
 * `doubleValue` so database numbers keep their exact decimal text instead of
 * passing through a JS number (spec §10: no rounding on the wire).
 */
export class RawJson {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

/** A wire value: plain JSON data whose leaves may be `RawJson`. */
export type WireValue =
  | RawJson
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly WireValue[]
  | { readonly [key: string]: WireValue };

/**
 * Serializes a wire value like `JSON.stringify`, inserting `RawJson` text as
 * is and omitting `undefined` members (spec §1.3: absent, never `null`).
 */
export function stringifyWire(value: WireValue): string {
  if (value instanceof RawJson) return value.text;
  if (value === undefined) return 'null';
  if (Array.isArray(value)) {
    return `[${value.map((item: WireValue) => stringifyWire(item)).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const parts: string[] = [];
    for (const [key, member] of Object.entries(value)) {
      if (member === undefined) continue;
      parts.push(`${JSON.stringify(key)}:${stringifyWire(member)}`);
    }
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value);
}
