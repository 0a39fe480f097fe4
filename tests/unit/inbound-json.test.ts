import { parseJson } from '../../lib/inbound/json.js';
import {
  isJsonArray,
  isJsonObject,
  JsonNumber,
  type JsonValue,
} from '../../lib/inbound/json-value.js';

/** Convert a lossless value to what JSON.parse would give. */
function toPlain(value: JsonValue): unknown {
  if (value instanceof JsonNumber) return Number(value.text);
  if (isJsonArray(value)) return value.map(toPlain);
  if (isJsonObject(value)) {
    return Object.fromEntries([...value].map(([k, v]) => [k, toPlain(v)]));
  }
  return value;
}

function parsedField(text: string, name: string): JsonValue | undefined {
  const result = parseJson(text);
  if (!result.ok || !isJsonObject(result.value)) {
    throw new Error(`not an object: ${text}`);
  }
  return result.value.get(name);
}

describe('parseJson', () => {
  it.each([
    ['2^53+1', '9007199254740993'],
    ['2^128+1', '340282366920938463463374607431768211457'],
    ['a negative integer', '-12345678901234567890'],
    ['zero', '0'],
  ])('keeps %s as its exact integer text', (_name, literal) => {
    // Prepare
    const text = `{"id":${literal}}`;
    // Act
    const id = parsedField(text, 'id');
    // Assert
    expect(id).toBeInstanceOf(JsonNumber);
    expect(id).toMatchObject({ text: literal, isInteger: true });
  });

  it.each(['1.5', '1e5', '1E+2', '1.922432354749033645e18', '-0.0', '2e-3'])(
    'marks %s as not an integer',
    (literal) => {
      // Prepare
      const text = `{"id":${literal}}`;
      // Act
      const id = parsedField(text, 'id');
      // Assert
      expect(id).toMatchObject({ text: literal, isInteger: false });
    },
  );

  it.each([
    ['raw NUL in a string', '{"s":"a\u0000b"}'],
    ['raw tab in a string', '{"s":"a\tb"}'],
    ['raw LF in a string', '{"s":"a\nb"}'],
    ['\\U escape', '{"s":"C:\\Users"}'],
    ['\\x escape', '{"s":"\\x41"}'],
    ['short \\u escape', '{"s":"\\u12"}'],
    ['truncated text', '{"s":"trunc'],
    ['truncated object', '{"a":1'],
    ['whitespace only', ' \n'],
    ['empty text', ''],
    ['[object Object]', '[object Object]'],
    ['trailing comma in array', '[1,]'],
    ['trailing comma in object', '{"a":1,}'],
    ['leading zero', '{"n":01}'],
    ['bare fraction point', '{"n":1.}'],
    ['leading point', '{"n":.5}'],
    ['plus sign', '{"n":+1}'],
    ['lone minus', '{"n":-}'],
    ['NaN', '{"n":NaN}'],
    ['single quotes', "{'a':1}"],
    ['unquoted key', '{a:1}'],
    ['missing colon', '{"a" 1}'],
    ['text after the value', '{"a":1} x'],
    ['NBSP after the value', '{"a":1}\u00a0'],
    ['a BOM', '\ufeff{}'],
    ['partial literal', 'nul'],
    ['two values', '1 2'],
  ])('rejects %s, as JSON.parse does', (_name, text) => {
    // Prepare
    const parseWithJs = () => JSON.parse(text);
    // Act
    const result = parseJson(text);
    // Assert
    expect(parseWithJs).toThrow(SyntaxError);
    expect(result).toMatchObject({ ok: false });
    expect(result.ok ? '' : result.error).toMatch(/at position \d+$/);
  });

  it.each([
    ['nested values', '{"a":[1,{"b":null},true,false,"x"],"c":{}}'],
    ['JSON whitespace', ' \t\r\n{ "a" : [ 1 , 2 ] }\r\n'],
    ['escapes', '{"s":"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83C\\uDF0A"}'],
    ['a raw U+2028 and DEL', '{"s":"a\u2028b\u007f"}'],
    ['duplicate keys (last wins)', '{"a":1,"b":2,"a":3}'],
    ['scalars', '"x"'],
    ['null', 'null'],
    ['an empty array', '[]'],
  ])('accepts %s like JSON.parse', (_name, text) => {
    // Prepare
    const expected: unknown = JSON.parse(text);
    // Act
    const result = parseJson(text);
    // Assert
    expect(result.ok).toBe(true);
    if (result.ok) expect(toPlain(result.value)).toEqual(expected);
  });

  it('keeps a lone surrogate escape, as JSON.parse does', () => {
    // Prepare
    const text = '{"s":"\\ud83c end"}';
    // Act
    const s = parsedField(text, 's');
    // Assert
    expect(s).toBe('\ud83c end');
  });

  it('keeps __proto__ as an ordinary key', () => {
    // Prepare
    const text = '{"__proto__":{"x":1},"constructor":2}';
    // Act
    const result = parseJson(text);
    // Assert
    expect(result.ok && isJsonObject(result.value)).toBe(true);
    if (result.ok && isJsonObject(result.value)) {
      expect([...result.value.keys()]).toEqual(['__proto__', 'constructor']);
    }
  });

  it('parses deep nesting without overflowing the stack', () => {
    // Prepare
    const depth = 200000;
    const text = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    // Act
    const result = parseJson(text);
    // Assert
    expect(result.ok).toBe(true);
  });
});
