import {
  countCodePoints,
  isBlank,
  isWellFormedUtf16,
  normaliseText,
  replaceLoneSurrogates,
  truncateCodePoints,
} from '../../lib/inbound/text.js';

describe('normaliseText', () => {
  it.each([
    ['plain text', 'hi', 'hi', false, false],
    ['a NUL', 'a\u0000b', 'ab', true, false],
    ['only NULs', '\u0000\u0000', '', true, false],
    ['a lone high surrogate', 'x \ud83c end', 'x \ufffd end', false, true],
    ['a lone low surrogate', '\udf0a!', '\ufffd!', false, true],
    ['reversed pair', '\udf0a\ud83c', '\ufffd\ufffd', false, true],
    ['a valid pair', '🌊', '🌊', false, false],
    ['NUL between surrogate halves', '\ud83c\u0000\udf0a', '🌊', true, false],
    ['HTML and RTL', '<b>שלום</b> &amp;', '<b>שלום</b> &amp;', false, false],
  ])('normalises %s', (_name, input, text, hadNul, hadLoneSurrogate) => {
    // Prepare
    const expected = { text, hadNul, hadLoneSurrogate };
    // Act
    const result = normaliseText(input);
    // Assert
    expect(result).toEqual(expected);
  });

  it('does not trim or otherwise change whitespace', () => {
    // Prepare
    const input = ' \r\n\t a \u2028 ';
    // Act
    const result = normaliseText(input);
    // Assert
    expect(result.text).toBe(input);
  });
});

describe('replaceLoneSurrogates and isWellFormedUtf16', () => {
  it.each([
    ['', true],
    ['abc', true],
    ['👩‍👩‍👧', true],
    ['\ud83c', false],
    ['\udf0a', false],
    ['a\ud83cb', false],
  ])('tells whether %j is well formed', (input, isWellFormed) => {
    // Prepare
    const expected = isWellFormed ? input : expect.stringContaining('\ufffd');
    // Act
    const replaced = replaceLoneSurrogates(input);
    // Assert
    expect(isWellFormedUtf16(input)).toBe(isWellFormed);
    expect(replaced).toEqual(expected);
    expect(isWellFormedUtf16(replaced)).toBe(true);
  });
});

describe('countCodePoints and truncateCodePoints', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['🌊🐚', 2],
    ['👩‍👩‍👧', 5],
    ['\ud83c', 1],
    ['é', 1],
  ])('counts %j as %i code points', (input, count) => {
    // Prepare
    const expected = Array.from(input).length;
    // Act
    const result = countCodePoints(input);
    // Assert
    expect(result).toBe(count);
    expect(result).toBe(expected);
  });

  it.each([
    ['abc', 2, 'ab'],
    ['abc', 3, 'abc'],
    ['abc', 5, 'abc'],
    ['🌊🐚🦀', 2, '🌊🐚'],
    ['a🌊b', 1, 'a'],
    ['a🌊b', 0, ''],
  ])('truncates %j to %i code points', (input, max, expected) => {
    // Prepare
    const limit = max;
    // Act
    const result = truncateCodePoints(input, limit);
    // Assert
    expect(result).toBe(expected);
  });
});

describe('isBlank', () => {
  it.each([
    ['', true],
    [' \n\t\r', true],
    ['\u00a0\u3000\u2028\ufeff', true],
    ['\u200b', false],
    ['x', false],
    [' . ', false],
  ])('tells whether %j is only JS \\s whitespace', (input, expected) => {
    // Prepare
    const text = input;
    // Act
    const result = isBlank(text);
    // Assert
    expect(result).toBe(expected);
  });
});
