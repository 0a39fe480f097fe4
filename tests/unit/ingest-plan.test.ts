import { chunkRows, databaseSafe, planBatch } from '../../lib/ingest-plan.js';
import type { RawRecord } from '../../lib/kafka-records.js';
import { encodeBytes, nextOffset } from '../../lib/kafka-records.js';
import { specDecodeSettings } from '../helpers/decode-settings.js';

const settings = specDecodeSettings({
  TOPIC_FAMILIES: 'FederatedPosts=federated',
});

function aRecord(value: string | Buffer | null, offset = 0): RawRecord {
  return {
    topic: 'FederatedPosts',
    partition: 0,
    offset: String(offset),
    key: Buffer.from('k'),
    value: typeof value === 'string' ? Buffer.from(value) : value,
    headers: { 'content-type': { encoding: 'utf8', data: 'application/json' } },
  };
}

const flat = (id: string, site = 'g58') =>
  JSON.stringify({
    username: 'lin',
    source_site: site,
    post_uuid_within_site: id,
    post_text: 'hi',
  });

describe('planBatch', () => {
  it('keeps the first copy of a key in a batch and counts the rest as duplicates', () => {
    // Prepare
    const records = [
      aRecord(flat('1'), 0),
      aRecord(flat('1'), 1),
      aRecord(flat('2'), 2),
    ];
    // Act
    const plan = planBatch(records, settings, () => 5);
    // Assert
    expect(plan.postRows.map((r) => r.original_post_id)).toEqual(['1', '2']);
    expect(plan.inBatchDuplicates).toBe(1);
    expect(plan.counts.consumed).toBe(3);
  });

  it('draws an author for every new post independently', () => {
    // Prepare
    const ids = [11, 12, 13];
    let call = 0;
    const records = ['a', 'b', 'c'].map((id, i) => aRecord(flat(id), i));
    // Act
    const plan = planBatch(records, settings, () => ids[call++] ?? 0);
    // Assert
    expect(plan.postRows.map((r) => r.user_id)).toEqual([11, 12, 13]);
  });

  it('quarantines a bad record whole, base64 when the bytes are not text', () => {
    // Prepare
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]);
    // Act
    const plan = planBatch([aRecord(jpeg, 7)], settings, () => 1);
    // Assert
    expect(plan.quarantineRows).toEqual([
      expect.objectContaining({
        kafka_offset: '7',
        reason: 'not_utf8',
        raw_value: jpeg.toString('base64'),
        value_encoding: 'base64',
        record_key: 'k',
        headers:
          '{"content-type":{"encoding":"utf8","data":"application/json"}}',
      }),
    ]);
    expect(plan.counts.reasons).toEqual({ not_utf8: 1 });
  });

  it('counts own-site records as skipped', () => {
    // Prepare / Act
    const plan = planBatch([aRecord(flat('1', 'tidepool'))], settings, () => 1);
    // Assert
    expect(plan.counts.skipped_own_site).toBe(1);
    expect(plan.postRows).toEqual([]);
  });
});

describe('chunkRows', () => {
  it('splits by row count and by escaped byte size', () => {
    // Prepare
    const rows = Array.from({ length: 10 }, (_, i) => ({
      t: 'x'.repeat(100),
      i,
    }));
    // Act
    const byCount = chunkRows(rows, 4, 1e9);
    const bySize = chunkRows(rows, 100, 300);
    // Assert
    expect(byCount.map((c) => c.length)).toEqual([4, 4, 2]);
    expect(bySize.every((c) => c.length === 2)).toBe(true);
    expect(bySize.flat()).toEqual(rows);
  });

  it('gives an oversized row a batch of its own', () => {
    // Prepare
    const rows = [{ t: 'x'.repeat(1000) }, { t: 'y' }];
    // Act
    const chunks = chunkRows(rows, 100, 10);
    // Assert
    expect(chunks).toHaveLength(2);
  });
});

describe('bytes and text for the database', () => {
  it('stores clean UTF-8 as text and anything else, NUL included, as base64', () => {
    // Prepare / Act / Assert
    expect(encodeBytes(Buffer.from('héllo'))).toEqual({
      encoding: 'utf8',
      data: 'héllo',
    });
    expect(encodeBytes(Buffer.from('a\u0000b'))).toEqual({
      encoding: 'base64',
      data: 'YQBi',
    });
    expect(encodeBytes(Buffer.from([0xe9]))).toEqual({
      encoding: 'base64',
      data: '6Q==',
    });
  });

  it('keeps a leading byte-order mark, so the bytes are stored whole', () => {
    // Prepare
    const bytes = Buffer.from([0xef, 0xbb, 0xbf, 0x41]);
    // Act
    const stored = encodeBytes(bytes);
    // Assert
    expect(stored).toEqual({ encoding: 'utf8', data: '\ufeffA' });
    expect(Buffer.from(stored.data, 'utf8')).toEqual(bytes);
  });

  it('removes NUL and replaces lone surrogates', () => {
    // Prepare / Act / Assert
    expect(databaseSafe('a\u0000b\ud83c')).toBe('ab\ufffd');
  });

  it('computes the next offset exactly beyond 2^53', () => {
    // Prepare / Act / Assert
    expect(nextOffset('9007199254740993')).toBe('9007199254740994');
  });
});
