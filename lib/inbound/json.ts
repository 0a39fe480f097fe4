/**
 * Lossless JSON reader for inbound record values.
 *
 * `JSON.parse` rounds integers above 2^53, and lossless-json 4.x throws on
 * duplicate keys where `JSON.parse` lets the last one win, so this small
 * RFC 8259 parser keeps every number as its literal text and otherwise
 * accepts and rejects exactly what `JSON.parse` does. It is iterative, so
 * deep nesting cannot overflow the call stack.
 */

import { type Scan, scanNumber, scanString } from './json-scalars.js';
import { JsonNumber, type JsonValue } from './json-value.js';

/** The result of {@link parseJson}. */
export type JsonParseResult =
  | { readonly ok: true; readonly value: JsonValue }
  | { readonly ok: false; readonly error: string };

type Frame =
  | { readonly items: JsonValue[] }
  | { readonly entries: Map<string, JsonValue>; key: string };

class JsonSyntaxError extends Error {}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parseDocument(): JsonValue {
    const stack: Frame[] = [];
    this.skipSpace();
    for (;;) {
      let value = this.parseScalarOrOpen(stack);
      if (value === undefined) continue;
      for (;;) {
        const frame = stack.at(-1);
        if (frame === undefined) {
          this.skipSpace();
          if (this.pos < this.text.length)
            this.fail('unexpected text after JSON');
          return value;
        }
        if ('items' in frame) frame.items.push(value);
        else frame.entries.set(frame.key, value);
        this.skipSpace();
        const close = 'items' in frame ? ']' : '}';
        if (this.peek() === ',') {
          this.pos += 1;
          this.skipSpace();
          if (!('items' in frame)) frame.key = this.parseKey();
          break;
        }
        this.expect(close, `expected ',' or '${close}'`);
        stack.pop();
        value = 'items' in frame ? frame.items : frame.entries;
      }
    }
  }

  /** A complete scalar or empty container, or undefined after opening one. */
  private parseScalarOrOpen(stack: Frame[]): JsonValue | undefined {
    const c = this.peek();
    if (c === '{' || c === '[') {
      this.pos += 1;
      this.skipSpace();
      if (c === '[') {
        if (this.peek() === ']') return this.emptyAfter([]);
        stack.push({ items: [] });
        return undefined;
      }
      if (this.peek() === '}') return this.emptyAfter(new Map());
      stack.push({ entries: new Map(), key: this.parseKey() });
      return undefined;
    }
    if (c === '"') return this.parseString();
    if (c === '-' || (c >= '0' && c <= '9')) return this.parseNumber();
    for (const [word, value] of LITERALS) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    return this.fail(c === '' ? 'unexpected end of input' : 'unexpected token');
  }

  private emptyAfter(value: JsonValue): JsonValue {
    this.pos += 1;
    return value;
  }

  private parseKey(): string {
    if (this.peek() !== '"')
      this.fail('expected a double-quoted property name');
    const key = this.parseString();
    this.skipSpace();
    this.expect(':', "expected ':' after property name");
    this.skipSpace();
    return key;
  }

  private parseNumber(): JsonNumber {
    return new JsonNumber(this.take(scanNumber(this.text, this.pos)));
  }

  private parseString(): string {
    return this.take(scanString(this.text, this.pos));
  }

  private take(scan: Scan<string>): string {
    if (!scan.ok) {
      this.pos = scan.at;
      return this.fail(scan.error);
    }
    this.pos = scan.end;
    return scan.value;
  }

  private skipSpace(): void {
    while (/[ \t\n\r]/.test(this.peek())) this.pos += 1;
  }

  private peek(): string {
    return this.text.charAt(this.pos);
  }

  private expect(c: string, message: string): void {
    if (this.peek() !== c) this.fail(message);
    this.pos += 1;
  }

  private fail(message: string): never {
    throw new JsonSyntaxError(`${message} at position ${this.pos}`);
  }
}

const LITERALS: ReadonlyArray<readonly [string, JsonValue]> = [
  ['true', true],
  ['false', false],
  ['null', null],
];

/** Parse JSON text losslessly; never throws. */
export function parseJson(text: string): JsonParseResult {
  try {
    return { ok: true, value: new Parser(text).parseDocument() };
  } catch (error: unknown) {
    if (error instanceof JsonSyntaxError) {
      return { ok: false, error: error.message };
    }
    throw error;
  }
}
