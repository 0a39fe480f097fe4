import { toQuarantineRow } from '../../lib/ingest-plan.js';
import { partitionLag } from '../../lib/kafka-lag.js';
import type { RawRecord } from '../../lib/kafka-records.js';
import {
  isQuarantineId,
  parseHeaders,
  type QuarantineRecord,
  toRawRecordFromQuarantine,
} from '../../lib/quarantine-record.js';
import { sortOutcomes } from '../../lib/quarantine-replay.js';
import { fromSqlTimestamp } from '../../lib/store.js';

/** What reading a stored quarantine row gives back. */
function stored(record: RawRecord, id = '7'): QuarantineRecord {
  const row = toQuarantineRow(record, 'invalid_json', 'bad');
  return {
    id,
    topic: row.topic,
    partition: row.kafka_partition,
    offset: row.kafka_offset,
    key: row.record_key,
    keyEncoding: row.key_encoding,
    headers: parseHeaders(row.headers),
    value: row.raw_value,
    valueEncoding: row.value_encoding,
    reason: row.reason,
    detail: row.detail,
    quarantinedAt: '2026-01-01T00:00:00.000Z',
  };
}

describe('quarantine records', () => {
  it.each([
    ['1', true],
    ['9223372036854775807', true],
    ['9223372036854775808', false],
    ['0', false],
    ['01', false],
    ['-1', false],
    ['1 OR 1=1', false],
    ['', false],
  ])('takes %j as an id: %s', (id, isId) => {
    // Act
    const result = isQuarantineId(id);
    // Assert
    expect(result).toBe(isId);
  });

  it.each<[string, RawRecord]>([
    [
      'text key, value and header',
      {
        topic: 't',
        partition: 2,
        offset: '9007199254740993',
        key: Buffer.from('k'),
        value: Buffer.from('{"a":"é😀"}'),
        headers: { trace: { encoding: 'utf8', data: 'abc' } },
      },
    ],
    [
      'binary key and value, no headers',
      {
        topic: 't',
        partition: 0,
        offset: '0',
        key: Buffer.from([0x00, 0xff]),
        value: Buffer.from([0xc3, 0x28, 0x00]),
        headers: {},
      },
    ],
    [
      'a tombstone',
      {
        topic: 't',
        partition: 0,
        offset: '1',
        key: null,
        value: null,
        headers: {},
      },
    ],
  ])('rebuilds the record it was stored from: %s', (_, record) => {
    // Act
    const rebuilt = toRawRecordFromQuarantine(stored(record));
    // Assert
    expect(rebuilt).toEqual(record);
  });

  it('keeps only well-formed stored headers', () => {
    // Act
    const headers = parseHeaders(
      '{"a":{"encoding":"base64","data":"AA=="},"b":{"encoding":"hex","data":"00"},"c":1}',
    );
    const broken = parseHeaders('{not json');
    // Assert
    expect(headers).toEqual({ a: { encoding: 'base64', data: 'AA==' } });
    expect(broken).toEqual({});
  });

  it('resolves records with no verdict and updates only changed verdicts', () => {
    // Prepare
    const base = {
      topic: 't',
      partition: 0,
      key: null,
      value: null,
      headers: {},
    };
    const a = stored({ ...base, offset: '1' }, '1');
    const b = stored({ ...base, offset: '2' }, '2');
    const c = stored({ ...base, offset: '3' }, '3');
    const still = toQuarantineRow(
      { ...base, offset: '2' },
      'invalid_json',
      'bad',
    );
    const moved = toQuarantineRow({ ...base, offset: '3' }, 'empty_value', 'x');
    // Act
    const outcomes = sortOutcomes([a, b, c], [still, moved]);
    // Assert
    expect(outcomes).toEqual({
      resolved: ['1'],
      changed: [{ id: '3', reason: 'empty_value', detail: 'x' }],
    });
  });
});

describe('partition lag', () => {
  it.each([
    ['0', '10', '4', '6'],
    ['0', '10', null, '10'],
    ['5', '10', null, '5'],
    ['5', '10', '2', '5'],
    ['0', '10', '10', '0'],
    ['0', '10', '12', '0'],
    ['0', '9223372036854775807', '1', '9223372036854775806'],
  ])('low %s, high %s, committed %s: lag %s', (low, high, committed, lag) => {
    // Act
    const result = partitionLag(low, high, committed);
    // Assert
    expect(result).toBe(lag);
  });
});

describe('Data API timestamps', () => {
  it.each([
    ['2026-03-10 20:41:04.123456', '2026-03-10T20:41:04.123Z'],
    ['2026-03-10 20:41:04.1', '2026-03-10T20:41:04.100Z'],
    ['2026-03-10 20:41:04', '2026-03-10T20:41:04.000Z'],
  ])('reads %s as %s', (text, iso) => {
    // Act
    const result = fromSqlTimestamp(text);
    // Assert
    expect(result).toBe(iso);
  });
});
