/** String and number scanning for the lossless JSON reader (RFC 8259 §6–7). */

/** A scanned token and the position just after it, or an error position. */
export type Scan<T> =
  | { readonly ok: true; readonly value: T; readonly end: number }
  | { readonly ok: false; readonly error: string; readonly at: number };

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** Scan the number literal at `start`, keeping its exact text. */
export function scanNumber(text: string, start: number): Scan<string> {
  NUMBER.lastIndex = start;
  const match = NUMBER.exec(text);
  if (match === null) return { ok: false, error: 'invalid number', at: start };
  return { ok: true, value: match[0], end: start + match[0].length };
}

/**
 * Scan the string literal whose opening quote is at `start`. Raw control
 * characters and unknown escapes are errors, as in JSON.parse; a lone
 * surrogate escape is kept (text.ts replaces it later).
 */
export function scanString(text: string, start: number): Scan<string> {
  let out = '';
  let runStart = start + 1;
  let pos = runStart;
  for (;;) {
    const code = text.charCodeAt(pos);
    if (Number.isNaN(code)) {
      return { ok: false, error: 'unterminated string', at: pos };
    }
    if (code === 0x22) {
      return { ok: true, value: out + text.slice(runStart, pos), end: pos + 1 };
    }
    if (code < 0x20) {
      return { ok: false, error: 'bad control character in string', at: pos };
    }
    if (code !== 0x5c) {
      pos += 1;
      continue;
    }
    const decoded = decodeEscape(text, pos);
    if (decoded === null) {
      return { ok: false, error: 'bad escape in string', at: pos };
    }
    out += text.slice(runStart, pos) + decoded.value;
    pos += decoded.length;
    runStart = pos;
  }
}

function decodeEscape(
  text: string,
  pos: number,
): { value: string; length: number } | null {
  const c = text.charAt(pos + 1);
  const simple = ESCAPES[c];
  if (simple !== undefined) return { value: simple, length: 2 };
  const hex = text.slice(pos + 2, pos + 6);
  if (c !== 'u' || !HEX4.test(hex)) return null;
  return { value: String.fromCharCode(Number.parseInt(hex, 16)), length: 6 };
}
