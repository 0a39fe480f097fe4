import {
  createProgress,
  progressLine,
  renderBar,
  renderPairs,
  renderTable,
  toJson,
} from '../../cli/output.js';

describe('renderTable', () => {
  it('aligns columns, right-aligns numeric ones and shows missing cells as -', () => {
    // Prepare
    const rows = [
      ['FederatedPosts', 0, 12n, null],
      ['Bluesky-Kafka', 10, 3n, 'x'],
    ];
    // Act
    const text = renderTable(['topic', 'partition', 'lag', 'note'], rows);
    // Assert
    expect(text.split('\n')).toEqual([
      'topic           partition  lag  note',
      '──────────────  ─────────  ───  ────',
      'FederatedPosts          0   12  -',
      'Bluesky-Kafka          10    3  x',
    ]);
  });

  it('prints only the header and rule for no rows', () => {
    // Prepare
    // Act
    const text = renderTable(['a', 'bb'], []);
    // Assert
    expect(text).toBe('a  bb\n─  ──');
  });
});

describe('renderPairs and toJson', () => {
  it('aligns keys', () => {
    // Prepare
    // Act
    const text = renderPairs([
      ['sent', 5],
      ['invalid lines', 2],
    ]);
    // Assert
    expect(text).toBe('sent           5\ninvalid lines  2');
  });

  it('writes bigints as strings', () => {
    // Prepare
    // Act
    const text = toJson({ lag: 12n });
    // Assert
    expect(JSON.parse(text)).toEqual({ lag: '12' });
  });
});

describe('progress', () => {
  it.each([
    [0, 10, '[----------]'],
    [5, 10, '[#####-----]'],
    [10, 10, '[##########]'],
    [12, 10, '[##########]'],
    [0, 0, '[##########]'],
  ])('renders %i of %i as %s', (done, total, bar) => {
    // Prepare
    // Act
    const text = renderBar(done, total, 10);
    // Assert
    expect(text).toBe(bar);
  });

  it('shows percentage and counts when the total is known, only the count otherwise', () => {
    // Prepare
    // Act
    const known = progressLine('ingest', 5, 20, 'lag 15');
    const unknown = progressLine('ingest', 5, undefined, '');
    // Assert
    expect(known).toBe('ingest [######------------------] 25% 5/20 · lag 15');
    expect(unknown).toBe('ingest 5');
  });

  it('prints plain lines at most once per interval off a terminal, and the last on finish', () => {
    // Prepare
    const written: string[] = [];
    let now = 0;
    const progress = createProgress(
      { write: (t: string) => written.push(t), isTTY: false },
      'publish',
      { quiet: false, intervalMs: 1000, now: () => now },
    );
    // Act
    progress.update(1, 4, '');
    now = 500;
    progress.update(2, 4, '');
    now = 1200;
    progress.update(3, 4, '');
    now = 1300;
    progress.update(4, 4, '');
    progress.finish();
    // Assert
    expect(written.map((l) => l.match(/\d\/4/)?.[0])).toEqual([
      '1/4',
      '3/4',
      '4/4',
    ]);
    expect(written.every((l) => l.endsWith('\n') && !l.includes('\r'))).toBe(
      true,
    );
  });

  it('redraws one line on a terminal and prints nothing when quiet', () => {
    // Prepare
    const tty: string[] = [];
    const quiet: string[] = [];
    const onTty = createProgress(
      { write: (t: string) => tty.push(t), isTTY: true },
      'replay',
      { quiet: false },
    );
    const silent = createProgress(
      { write: (t: string) => quiet.push(t), isTTY: true },
      'replay',
      { quiet: true },
    );
    // Act
    for (const p of [onTty, silent]) {
      p.update(1, 2, '');
      p.update(2, 2, '');
      p.finish();
    }
    // Assert
    expect(tty).toHaveLength(3);
    expect(tty[0]?.startsWith('\r\x1b[2Kreplay ')).toBe(true);
    expect(tty[2]).toBe('\n');
    expect(quiet).toEqual([]);
  });
});

describe('control characters in cells', () => {
  it('are shown as \\u escapes, not written raw to the terminal', () => {
    // Prepare / Act
    const table = renderTable(['why'], [['bad \u0000 and \u001b[2J']]);
    const pairs = renderPairs([['detail', 'a\tb']]);
    // Assert
    expect(table).toContain('bad \\u0000 and \\u001b[2J');
    expect(pairs).toBe('detail  a\\u0009b');
  });
});
