import { createLogger } from '../../lib/logging.js';

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
});
