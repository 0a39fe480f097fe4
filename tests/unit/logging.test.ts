import {
  coldStartFlag,
  createLogger,
  invocationFields,
  withLogContext,
} from '../../lib/logging.js';

function capture() {
  const lines: string[] = [];
  const entries = () => lines.map((l) => JSON.parse(l));
  return { sink: (l: string) => lines.push(l), lines, entries };
}

describe('createLogger', () => {
  it('writes one JSON object per line with child context and error fields', () => {
    // Prepare
    const lines: string[] = [];
    const log = createLogger({ function: 'ingest' }, 'info', (l) =>
      lines.push(l),
    );
    // Act
    log.child({ topic: 't' }).error('failed', { error: new TypeError('bad') });
    log.debug('hidden');
    // Assert
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] ?? '');
    expect(entry).toMatchObject({
      level: 'error',
      message: 'failed',
      function: 'ingest',
      topic: 't',
      error: { name: 'TypeError', message: 'bad' },
    });
  });

  it('emits a document as it is, whatever the level', () => {
    // Prepare
    const out = capture();
    const log = createLogger({ function: 'ingest' }, 'error', out.sink);
    // Act
    withLogContext({ requestId: 'r' }, () => log.emit({ _aws: {}, Sent: 1 }));
    // Assert
    expect(out.entries()).toEqual([{ _aws: {}, Sent: 1 }]);
  });
});

describe('withLogContext', () => {
  it('adds its fields to lines written inside it, across awaits and timers', async () => {
    // Prepare
    const out = capture();
    const log = createLogger({ function: 'ingest' }, 'info', out.sink);
    // Act
    await withLogContext({ requestId: 'r1', coldStart: true }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      await withLogContext({ topic: 't', partition: 2 }, async () => {
        log.info('inner');
      });
      log.info('outer');
    });
    log.info('after');
    // Assert
    expect(out.entries()).toEqual([
      expect.objectContaining({
        message: 'inner',
        requestId: 'r1',
        coldStart: true,
        topic: 't',
        partition: 2,
        function: 'ingest',
      }),
      expect.objectContaining({ message: 'outer', requestId: 'r1' }),
      expect.not.objectContaining({ requestId: expect.anything() }),
    ]);
    expect(out.entries()[1]).not.toHaveProperty('topic');
  });

  it('keeps two overlapping invocations apart', async () => {
    // Prepare
    const out = capture();
    const log = createLogger({}, 'info', out.sink);
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Act: a waits until b has logged, so their awaits interleave.
    const a = withLogContext({ requestId: 'a' }, async () => {
      await gate;
      log.info('a');
    });
    const b = withLogContext({ requestId: 'b' }, async () => {
      await Promise.resolve();
      log.info('b');
      release();
    });
    await Promise.all([a, b]);
    // Assert
    expect(out.entries().map((e) => [e.message, e.requestId])).toEqual([
      ['b', 'b'],
      ['a', 'a'],
    ]);
  });
});

describe('invocationFields', () => {
  it('names the request, function, version, cold start and X-Ray trace', () => {
    // Prepare
    const context = {
      awsRequestId: 'c0ffee',
      functionName: 'instalite-dev-ingest',
      functionVersion: '7',
    };
    const header =
      'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
    // Act
    const fields = invocationFields(context, true, header);
    // Assert
    expect(fields).toEqual({
      requestId: 'c0ffee',
      functionName: 'instalite-dev-ingest',
      functionVersion: '7',
      coldStart: true,
      traceId: '1-5759e988-bd862e3fe1be46a994272793',
    });
  });

  it.each([
    ['no header', undefined],
    ['a header without Root', 'Parent=53995c3f42cd8ad8;Sampled=0'],
  ])('leaves the trace id out with %s', (_, header) => {
    // Prepare / Act
    const fields = invocationFields({ awsRequestId: 'r' }, false, header);
    // Assert
    expect(fields).toEqual({ requestId: 'r', coldStart: false });
  });
});

describe('coldStartFlag', () => {
  it('is true for the first invocation only', () => {
    // Prepare
    const isColdStart = coldStartFlag();
    // Act
    const seen = [isColdStart(), isColdStart(), isColdStart()];
    // Assert
    expect(seen).toEqual([true, false, false]);
  });
});
