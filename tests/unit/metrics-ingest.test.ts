import type { RunSummary } from '../../lib/ingest-run.js';
import { METRICS_NAMESPACE } from '../../lib/metrics.js';
import {
  ingestFailureMetrics,
  ingestRunMetrics,
} from '../../lib/metrics-ingest.js';
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
  it('counts one error with the usage and the counts written before it', () => {
    // Prepare
    const usage = { durationMs: 900, dataApiCalls: 3, dataApiRetries: 1 };
    const { counts } = aSummary();
    // Act
    const [doc, ...byReason] = ingestFailureMetrics(
      counts,
      usage,
      ingestScope,
      at,
    );
    // Assert
    expect(checkEmf(JSON.parse(JSON.stringify(doc)))).toEqual({
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
      endReason: 'error',
      Function: 'ingest',
      SiteId: 'tidepool',
      Consumed: 10,
      Inserted: 5,
      Duplicates: 1,
      SkippedOwnSite: 1,
      Quarantined: 3,
      DurationMs: 900,
      DataApiCalls: 3,
      DataApiRetries: 1,
      Errors: 1,
    });
    expect(byReason.map((d) => [d.Reason, d.Quarantined])).toEqual([
      ['empty_value', 1],
      ['invalid_json', 2],
    ]);
  });
});
