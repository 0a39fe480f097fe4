import type { RunSummary } from '../../lib/ingest-run.js';
import {
  emfDocument,
  ingestFailureMetrics,
  ingestRunMetrics,
  METRICS_NAMESPACE,
  publishMetrics,
} from '../../lib/metrics.js';
import { checkEmf } from '../helpers/emf.js';

const at = Date.parse('2026-03-01T10:00:05.000Z');
const ingestScope = {
  function: 'ingest',
  siteId: 'tidepool',
  requestId: 'req-1',
} as const;

function aSummary(overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    runId: 'req-1',
    startedAt: '2026-03-01T10:00:00.000Z',
    endedAt: '2026-03-01T10:00:04.250Z',
    endReason: 'drained',
    counts: {
      consumed: 10,
      inserted: 5,
      duplicate: 1,
      skipped_own_site: 1,
      quarantined: 3,
      reasons: { invalid_json: 2, empty_value: 1 },
      notes: { text_truncated: 1 },
    },
    partitions: [
      { topic: 't', partition: 0, position: '7', lag: '4' },
      { topic: 't', partition: 1, position: '3', lag: '0' },
      { topic: 'u', partition: 0, position: '9', lag: '2' },
    ],
    dataApiCalls: 6,
    ...overrides,
  };
}

describe('emfDocument', () => {
  it('puts metrics and dimensions at the top level with their directive', () => {
    // Prepare
    const metrics = [
      { name: 'Sent', value: 2, unit: 'Count' },
      { name: 'DurationMs', value: 12, unit: 'Milliseconds' },
    ] as const;
    // Act
    const doc = emfDocument(metrics, { Function: 'publish', SiteId: 's' }, at, {
      requestId: 'r',
    });
    // Assert
    expect(doc).toEqual({
      _aws: {
        Timestamp: at,
        CloudWatchMetrics: [
          {
            Namespace: 'InstaLite/KafkaBridge',
            Dimensions: [['Function', 'SiteId']],
            Metrics: [
              { Name: 'Sent', Unit: 'Count' },
              { Name: 'DurationMs', Unit: 'Milliseconds' },
            ],
          },
        ],
      },
      requestId: 'r',
      Function: 'publish',
      SiteId: 's',
      Sent: 2,
      DurationMs: 12,
    });
    expect(() => checkEmf(JSON.parse(JSON.stringify(doc)))).not.toThrow();
  });

  it('lets no property overwrite a dimension or a metric value', () => {
    // Prepare / Act
    const doc = emfDocument(
      [{ name: 'Sent', value: 1, unit: 'Count' }],
      { Function: 'publish' },
      at,
      { Function: 'x', Sent: 99 },
    );
    // Assert
    expect(doc).toMatchObject({ Function: 'publish', Sent: 1 });
  });
});

describe('ingestRunMetrics', () => {
  it('gives the run counts, summed lag, duration and Data API use', () => {
    // Prepare
    const summary = aSummary();
    // Act
    const [run] = ingestRunMetrics(summary, ingestScope, 2, at);
    // Assert
    expect(run).toEqual({
      _aws: {
        Timestamp: at,
        CloudWatchMetrics: [
          {
            Namespace: METRICS_NAMESPACE,
            Dimensions: [['Function', 'SiteId']],
            Metrics: [
              'Consumed',
              'Inserted',
              'Duplicates',
              'SkippedOwnSite',
              'Quarantined',
              'LagAtEnd',
            ]
              .map((Name) => ({ Name, Unit: 'Count' }))
              .concat([
                { Name: 'DurationMs', Unit: 'Milliseconds' },
                { Name: 'DataApiCalls', Unit: 'Count' },
                { Name: 'DataApiRetries', Unit: 'Count' },
                { Name: 'Errors', Unit: 'Count' },
              ]),
          },
        ],
      },
      requestId: 'req-1',
      endReason: 'drained',
      Function: 'ingest',
      SiteId: 'tidepool',
      Consumed: 10,
      Inserted: 5,
      Duplicates: 1,
      SkippedOwnSite: 1,
      Quarantined: 3,
      LagAtEnd: 6,
      DurationMs: 4250,
      DataApiCalls: 6,
      DataApiRetries: 2,
      Errors: 0,
    });
  });

  it('adds one Quarantined document per reason, with a Reason dimension', () => {
    // Prepare
    const summary = aSummary();
    // Act
    const [, ...byReason] = ingestRunMetrics(summary, ingestScope, 0, at);
    // Assert
    expect(byReason).toEqual(
      [
        ['empty_value', 1],
        ['invalid_json', 2],
      ].map(([Reason, Quarantined]) => ({
        _aws: {
          Timestamp: at,
          CloudWatchMetrics: [
            {
              Namespace: METRICS_NAMESPACE,
              Dimensions: [['Function', 'SiteId', 'Reason']],
              Metrics: [{ Name: 'Quarantined', Unit: 'Count' }],
            },
          ],
        },
        requestId: 'req-1',
        Function: 'ingest',
        SiteId: 'tidepool',
        Reason,
        Quarantined,
      })),
    );
  });

  it.each([
    ['an idle run', aSummary({ partitions: [] })],
    [
      'a run with nothing quarantined',
      aSummary({ counts: { ...aSummary().counts, reasons: {} } }),
    ],
  ])('writes only valid EMF for %s', (_, summary) => {
    // Prepare / Act
    const docs = ingestRunMetrics(summary, ingestScope, 0, at);
    // Assert
    for (const doc of docs) {
      expect(() => checkEmf(JSON.parse(JSON.stringify(doc)))).not.toThrow();
    }
    expect(docs[0]).toMatchObject({ LagAtEnd: expect.any(Number) });
  });

  it('writes no reason document for a reason counted zero', () => {
    // Prepare
    const counts = { ...aSummary().counts, reasons: { invalid_json: 0 } };
    // Act
    const docs = ingestRunMetrics(aSummary({ counts }), ingestScope, 0, at);
    // Assert
    expect(docs).toHaveLength(1);
  });
});

describe('ingestFailureMetrics', () => {
  it('counts one error with the usage and no outcome counts', () => {
    // Prepare
    const usage = { durationMs: 900, dataApiCalls: 3, dataApiRetries: 1 };
    // Act
    const doc = ingestFailureMetrics(usage, ingestScope, at);
    // Assert
    expect(checkEmf(JSON.parse(JSON.stringify(doc)))).toEqual({
      _aws: {
        Timestamp: at,
        CloudWatchMetrics: [
          {
            Namespace: METRICS_NAMESPACE,
            Dimensions: [['Function', 'SiteId']],
            Metrics: [
              { Name: 'DurationMs', Unit: 'Milliseconds' },
              { Name: 'DataApiCalls', Unit: 'Count' },
              { Name: 'DataApiRetries', Unit: 'Count' },
              { Name: 'Errors', Unit: 'Count' },
            ],
          },
        ],
      },
      requestId: 'req-1',
      endReason: 'error',
      Function: 'ingest',
      SiteId: 'tidepool',
      DurationMs: 900,
      DataApiCalls: 3,
      DataApiRetries: 1,
      Errors: 1,
    });
  });
});

describe('publishMetrics', () => {
  const scope = {
    function: 'publish',
    siteId: 'tidepool',
    requestId: 'req-2',
    trigger: 'http',
  } as const;
  const usage = { durationMs: 40, dataApiCalls: 2, dataApiRetries: 0 };

  it('gives the post counts and usage of an answered invocation', () => {
    // Prepare
    const counts = { sent: 3, invalid: 1, skipped: 2, failed: 1 };
    // Act
    const doc = publishMetrics(counts, usage, scope, at);
    // Assert
    const checked = checkEmf(JSON.parse(JSON.stringify(doc)));
    expect(checked).toMatchObject({
      requestId: 'req-2',
      trigger: 'http',
      Function: 'publish',
      SiteId: 'tidepool',
      Sent: 3,
      Invalid: 1,
      Skipped: 2,
      Failed: 1,
      DurationMs: 40,
      DataApiCalls: 2,
      DataApiRetries: 0,
      Errors: 0,
    });
    expect(doc._aws.CloudWatchMetrics[0]?.Metrics.map((m) => m.Name)).toEqual([
      'Sent',
      'Invalid',
      'Skipped',
      'Failed',
      'DurationMs',
      'DataApiCalls',
      'DataApiRetries',
      'Errors',
    ]);
  });

  it('counts one error and no posts when the invocation failed', () => {
    // Prepare / Act
    const doc = publishMetrics(null, usage, scope, at);
    // Assert
    expect(checkEmf(JSON.parse(JSON.stringify(doc)))).toMatchObject({
      Errors: 1,
    });
    expect(doc).not.toHaveProperty('Sent');
    expect(doc._aws.CloudWatchMetrics[0]?.Metrics).toHaveLength(4);
  });
});

describe('checkEmf', () => {
  it.each([
    ['no _aws', { Sent: 1 }],
    [
      'a metric without a value',
      {
        _aws: {
          Timestamp: at,
          CloudWatchMetrics: [
            { Namespace: 'n', Dimensions: [[]], Metrics: [{ Name: 'Sent' }] },
          ],
        },
      },
    ],
    [
      'a dimension without a string value',
      {
        _aws: {
          Timestamp: at,
          CloudWatchMetrics: [
            { Namespace: 'n', Dimensions: [['SiteId']], Metrics: [] },
          ],
        },
        SiteId: 3,
      },
    ],
    [
      'a timestamp in ISO text',
      {
        _aws: { Timestamp: '2026-03-01', CloudWatchMetrics: [] },
      },
    ],
  ])('refuses a document with %s', (_, doc) => {
    // Prepare / Act / Assert
    expect(() => checkEmf(doc)).toThrow(/EMF/);
  });
});
