import { attentionOf } from '../../cli/commands/status-view.js';
import { explainFailure } from '../../cli/failure.js';
import {
  CliError,
  quarantineId,
  reasonOption,
  UsageError,
} from '../../cli/spec.js';
import { ConfigError, DatabaseError } from '../../lib/errors.js';
import { advancePositions, remainingLag } from '../../lib/ingest-progress.js';
import type { RawRecord } from '../../lib/kafka-records.js';
import { parseJsonLines } from '../../lib/post-lines.js';

const record = (
  topic: string,
  partition: number,
  offset: string,
): RawRecord => ({
  topic,
  partition,
  offset,
  key: null,
  value: null,
  headers: {},
});

describe('reasonOption', () => {
  const args = (reason?: string) => ({
    values: reason === undefined ? {} : { reason },
    positionals: [],
  });

  it('takes a quarantine reason, or none', () => {
    expect(reasonOption(args('text_too_long'))).toBe('text_too_long');
    expect(reasonOption(args())).toBeUndefined();
  });

  it('refuses a reason the decoder never records, listing the ones it does', () => {
    expect(() => reasonOption(args('text-too-long'))).toThrow(UsageError);
    expect(() => reasonOption(args('text-too-long'))).toThrow(
      /not a quarantine reason; use one of: empty_value, .*, text_too_long$/,
    );
  });
});

describe('quarantineId', () => {
  it('reads ids in canonical decimal', () => {
    expect(quarantineId('0001', 'ID')).toBe('1');
    expect(quarantineId(' 42 ', '--id')).toBe('42');
    expect(quarantineId('9223372036854775807', 'ID')).toBe(
      '9223372036854775807',
    );
  });

  it.each(['9223372036854775808', '99999999999999999999999', 'abc', '-1', ''])(
    'refuses %j before it reaches the database',
    (raw) => {
      expect(() => quarantineId(raw, '--after')).toThrow(UsageError);
      expect(() => quarantineId(raw, '--after')).toThrow(
        /^--after takes a quarantine id \(a whole number up to 9223372036854775807\)/,
      );
    },
  );
});

describe('parseJsonLines', () => {
  it('numbers lines from 1, skips blank ones and keeps parse errors', () => {
    // Prepare
    const text = '{"a":1}\n\n  \nnot json\r\n[2]\n';
    // Act
    const lines = parseJsonLines(Buffer.from(text));
    // Assert
    expect(lines).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 4, error: expect.stringContaining('not valid JSON') },
      { line: 5, value: [2] },
    ]);
  });

  it('reads line 1 past a UTF-8 byte-order mark', () => {
    // Prepare / Act
    const lines = parseJsonLines(Buffer.from('\uFEFF{"a":1}\n'));
    // Assert
    expect(lines).toEqual([{ line: 1, value: { a: 1 } }]);
  });

  it('refuses a line that is not UTF-8 instead of sending U+FFFD', () => {
    // Prepare: "café" in Latin-1 on line 2, UTF-8 on lines 1 and 3
    const bytes = Buffer.concat([
      Buffer.from('{"t":"café"}\n{"t":"caf'),
      Buffer.from([0xe9]),
      Buffer.from('"}\n{"t":"ok"}'),
    ]);
    // Act
    const lines = parseJsonLines(bytes);
    // Assert
    expect(lines).toEqual([
      { line: 1, value: { t: 'café' } },
      { line: 2, error: 'not UTF-8 (save the file as UTF-8)' },
      { line: 3, value: { t: 'ok' } },
    ]);
  });
});

describe('ingest progress', () => {
  it('advances each partition to one past its highest offset seen', () => {
    // Prepare
    const positions = { 't:0': '10' };
    // Act
    advancePositions(positions, [
      record('t', 0, '4'),
      record('t', 1, '7'),
      record('t', 1, '8'),
    ]);
    // Assert
    expect(positions).toEqual({ 't:0': '10', 't:1': '9' });
  });

  it('counts the lag left before the ends the partitions had at start', () => {
    // Prepare
    const start = [
      { topic: 't', partition: 0, position: 5n, highWatermark: 20n },
      { topic: 't', partition: 1, position: 0n, highWatermark: 3n },
      { topic: 'u', partition: 0, position: 9n, highWatermark: 9n },
    ];
    // Act
    const before = remainingLag(start, {});
    const during = remainingLag(start, { 't:0': '18', 't:1': '3' });
    // Assert
    expect(before).toBe(18n);
    expect(during).toBe(2n);
  });
});

describe('explainFailure', () => {
  it.each([
    [new UsageError('bad'), 2, 'see --help'],
    [new CliError('no file', 'check the path'), 1, 'check the path'],
    [new ConfigError(['SITE_ID is required']), 1, '--local'],
    [
      new DatabaseError('x', {
        statement: 's',
        exceptionName: 'ECONNREFUSED',
        retriable: true,
      }),
      1,
      'npm run stack:up',
    ],
    [
      new DatabaseError('x', {
        statement: 's',
        exceptionName: 'BadRequestException',
        sqlState: '42P01',
        retriable: false,
      }),
      1,
      'npm run migrate',
    ],
    [
      new DatabaseError('x', {
        statement: 's',
        exceptionName: 'DatabaseErrorException',
        sqlState: '3D000',
        retriable: false,
      }),
      1,
      'npm run migrate creates it',
    ],
  ])('maps %s to exit %i with advice', (error, code, hint) => {
    // Prepare
    const isLocal = !(error instanceof ConfigError);
    // Act
    const failure = explainFailure(error, isLocal);
    // Assert
    expect(failure.exitCode).toBe(code);
    expect(failure.hint).toContain(hint);
  });
});

describe('status attention', () => {
  it('names missing topics, a failed last run and quarantined records', () => {
    // Prepare
    const status = {
      siteId: 's',
      groupId: 'g',
      publishTopic: 't',
      lag: {
        groupId: 'g',
        totalLag: '0',
        topics: [{ topic: 'gone', isMissing: true, partitions: [] }],
      },
      runs: [
        {
          runId: 'r',
          startedAt: '',
          endedAt: '',
          durationMs: 0,
          endReason: 'error',
          counts: {
            consumed: 0,
            inserted: 0,
            duplicate: 0,
            skipped_own_site: 0,
            quarantined: 0,
          },
          reasons: {},
          notes: {},
          partitions: [],
          dataApiCalls: null,
          error: 'DatabaseError: down',
        },
      ],
      quarantine: {
        total: 2,
        byReason: [{ reason: 'invalid_json', count: 2 }],
      },
      problems: [],
    };
    // Act
    const notes = attentionOf(status);
    // Assert
    expect(notes).toEqual([
      'topic gone does not exist',
      'the last run failed: DatabaseError: down',
      '2 quarantined record(s): instalite-bridge quarantine list',
    ]);
  });

  it('is empty when everything is calm', () => {
    // Prepare
    const status = {
      siteId: 's',
      groupId: 'g',
      publishTopic: 't',
      lag: null,
      runs: [],
      quarantine: { total: 0, byReason: [] },
      problems: [],
    };
    // Act
    const notes = attentionOf(status);
    // Assert
    expect(notes).toEqual([]);
  });
});
