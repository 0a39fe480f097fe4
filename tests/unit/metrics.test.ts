import { emfDocument, publishMetrics } from '../../lib/metrics.js';
import { checkEmf } from '../helpers/emf.js';

const at = Date.parse('2026-03-01T10:00:05.000Z');

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
