/** Helpers that read typed fields out of parsed JSON for the decoders. */

import {
  describeJsonType,
  isJsonObject,
  JsonNumber,
  type JsonObject,
  type JsonValue,
} from './json-value.js';
import { countCodePoints, isWellFormedUtf16 } from './text.js';
import type { Quarantine, QuarantineReason } from './types.js';

/** Build a quarantine decision. */
export function quarantine(
  reason: QuarantineReason,
  detail: string,
): Quarantine {
  return { outcome: 'quarantined', reason, detail };
}

/** Quote an input value for a detail, cut so no detail holds a body. */
export function quoteShort(text: string, maxChars = 40): string {
  const chars = Array.from(text);
  const cut =
    chars.length > maxChars ? `${chars.slice(0, maxChars).join('')}…` : text;
  return JSON.stringify(cut);
}

/** Read a field as an object, or undefined when it is not one. */
export function readObject(
  from: JsonObject | undefined,
  name: string,
): JsonObject | undefined {
  const value = from?.get(name);
  return isJsonObject(value) ? value : undefined;
}

/** Read a field as a string, or undefined when it is not one. */
export function readString(
  from: JsonObject | undefined,
  name: string,
): string | undefined {
  const value = from?.get(name);
  return typeof value === 'string' ? value : undefined;
}

/**
 * Read an optional text field: missing or null gives `""`, a string is kept
 * as it is; any other type gives an `invalid_field` quarantine.
 */
export function readOptionalText(
  from: JsonObject,
  name: string,
): string | Quarantine {
  const value = from.get(name);
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  return quarantine(
    'invalid_field',
    `${name} must be a string or null, got ${describeJsonType(value)}`,
  );
}

/** The outcome of reading an id: its text, or why it is unusable. */
export type IdRead =
  | { readonly ok: true; readonly id: string }
  | { readonly ok: false; readonly problem: string };

/**
 * Read an id (spec §4): a string is trimmed and must be non-empty and at most
 * `maxChars` code points; an integer literal is its exact text. With
 * `digitsOnly`, both must be non-negative decimal digits.
 */
export function readId(
  value: JsonValue | undefined,
  name: string,
  maxChars: number,
  digitsOnly = false,
): IdRead {
  let id: string;
  if (value instanceof JsonNumber && value.isInteger) id = value.text;
  else if (typeof value === 'string') id = value.trim();
  else return { ok: false, problem: `${name} is ${describeJsonType(value)}` };
  if (id === '') return { ok: false, problem: `${name} is empty` };
  if (countCodePoints(id) > maxChars) {
    return { ok: false, problem: `${name} is over ${maxChars} characters` };
  }
  if (digitsOnly && !/^[0-9]+$/.test(id)) {
    return { ok: false, problem: `${name} is not a decimal number` };
  }
  // PostgreSQL text cannot hold NUL, and a lone surrogate has no UTF-8 form.
  if (id.includes('\u0000') || !isWellFormedUtf16(id)) {
    return { ok: false, problem: `${name} holds NUL or a lone surrogate` };
  }
  return { ok: true, id };
}
