import { fromField, toSqlParameters } from '../../lib/data-api.js';
import {
  backoffMs,
  classifyFailure,
  sqlStateOf,
} from '../../lib/data-api-errors.js';

function named(name: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error('x'), { name, ...extra });
}

describe('toSqlParameters', () => {
  it('binds each value by its JS type, integers as longValue', () => {
    // Prepare
    const params = { a: 'text', b: 42, c: 1.5, d: true, e: null };
    // Act
    const out = toSqlParameters(params);
    // Assert
    expect(out).toEqual([
      { name: 'a', value: { stringValue: 'text' } },
      { name: 'b', value: { longValue: 42 } },
      { name: 'c', value: { doubleValue: 1.5 } },
      { name: 'd', value: { booleanValue: true } },
      { name: 'e', value: { isNull: true } },
    ]);
  });

  it('reads result fields back to plain values', () => {
    // Prepare / Act / Assert
    expect(fromField({ isNull: true })).toBeNull();
    expect(fromField({ longValue: 7 })).toBe(7);
    expect(fromField({ stringValue: 's' })).toBe('s');
  });
});

describe('classifyFailure', () => {
  it.each([
    ['DatabaseResumingException', {}, 'resuming'],
    ['ThrottlingException', {}, 'transient'],
    ['InternalServerErrorException', {}, 'transient'],
    ['DatabaseUnavailableException', {}, 'transient'],
    ['SomethingNew', { $fault: 'server' }, 'transient'],
    ['DatabaseErrorException', { $fault: 'client' }, 'permanent'],
    ['StatementTimeoutException', { $fault: 'client' }, 'ambiguous'],
    ['TypeError', {}, 'permanent'],
    ['Error', { code: 'ECONNREFUSED' }, 'unreachable'],
    ['Error', { code: 'ENOTFOUND' }, 'unreachable'],
    ['Error', { code: 'ECONNRESET' }, 'transient'],
  ])('classifies %s as its class', (name, extra, expected) => {
    // Prepare
    const error = named(name, extra);
    // Act / Assert
    expect(classifyFailure(error)).toBe(expected);
  });

  it('reads the SQLState the service appends', () => {
    // Prepare / Act / Assert
    expect(sqlStateOf('ERROR: boom; SQLState: 23505')).toBe('23505');
    expect(sqlStateOf('no state')).toBeUndefined();
  });

  it('waits longer for a resuming database than for a 5xx, both capped', () => {
    // Prepare / Act / Assert
    expect(backoffMs('resuming', 1)).toBeGreaterThan(backoffMs('transient', 1));
    expect(backoffMs('resuming', 20)).toBe(10_000);
    expect(backoffMs('transient', 20)).toBe(5000);
  });
});
