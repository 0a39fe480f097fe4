/**
 * Text normalisation of spec §4: text is stored verbatim except that NUL is
 * removed (PostgreSQL text cannot hold U+0000) and a lone surrogate becomes
 * U+FFFD (it has no UTF-8 encoding). Lengths are counted in code points.
 */

/** The result of {@link normaliseText}. */
export interface NormalisedText {
  readonly text: string;
  readonly hadNul: boolean;
  readonly hadLoneSurrogate: boolean;
}

/** Remove U+0000 and replace each lone surrogate with U+FFFD. */
export function normaliseText(input: string): NormalisedText {
  const withoutNul = input.replaceAll('\u0000', '');
  const text = replaceLoneSurrogates(withoutNul);
  return {
    text,
    hadNul: withoutNul.length !== input.length,
    hadLoneSurrogate: text !== withoutNul,
  };
}

/** Replace every unpaired UTF-16 surrogate with U+FFFD. */
export function replaceLoneSurrogates(input: string): string {
  if (isWellFormedUtf16(input)) return input;
  let out = '';
  for (const char of input) {
    // Iterating a string yields pairs whole and lone surrogates alone.
    out +=
      isSurrogate(char.charCodeAt(0)) && char.length === 1 ? '\ufffd' : char;
  }
  return out;
}

/** Tell whether a string has no unpaired surrogate. */
export function isWellFormedUtf16(input: string): boolean {
  for (let i = 0; i < input.length; i += 1) {
    const code = input.charCodeAt(i);
    if (!isSurrogate(code)) continue;
    const next = input.charCodeAt(i + 1);
    if (code > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return false;
    i += 1;
  }
  return true;
}

function isSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdfff;
}

/** Count code points (a surrogate pair counts once). */
export function countCodePoints(input: string): number {
  let count = 0;
  for (let i = 0; i < input.length; i += 1) {
    const code = input.charCodeAt(i);
    const next = input.charCodeAt(i + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      i += 1;
    }
    count += 1;
  }
  return count;
}

/** Keep at most `maxCodePoints` code points, never splitting a pair. */
export function truncateCodePoints(
  input: string,
  maxCodePoints: number,
): string {
  let count = 0;
  let end = 0;
  for (const char of input) {
    if (count === maxCodePoints) return input.slice(0, end);
    count += 1;
    end += char.length;
  }
  return input;
}

/** Tell whether text is empty or only JavaScript `\s` whitespace. */
export function isBlank(input: string): boolean {
  return /^\s*$/.test(input);
}
