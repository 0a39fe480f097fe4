import { BenchUsageError, parseBenchArgs } from '../../bench/plan.js';

const SUITES = ['ingest', 'load', 'levers'];

describe('parseBenchArgs', () => {
  it('reads --quick and --only=', () => {
    const args = parseBenchArgs(['--quick', '--only=load,ingest'], SUITES);
    expect(args.plan.mode).toBe('quick');
    expect(args.only).toEqual(['load', 'ingest']);
    expect(parseBenchArgs([], SUITES)).toMatchObject({
      plan: { mode: 'full' },
    });
    expect(parseBenchArgs([], SUITES).only).toBeUndefined();
  });

  it.each([
    [
      ['--only=nonsense'],
      '--only takes suite names from: ingest, load, levers (not "nonsense")',
    ],
    [['--only='], '--only takes suite names from: ingest, load, levers'],
    [['--only=load,,ingest'], '(not "")'],
    [['--only=load', '--only=ingest'], '--only is given once, as a list'],
    [
      ['--only', 'load'],
      'unknown argument "--only" (write --only=suite,… with "=")',
    ],
    [
      ['--qiuck'],
      'unknown argument "--qiuck"; the bench takes --quick and --only=ingest,load,levers',
    ],
  ])('refuses %j', (argv, message) => {
    expect(() => parseBenchArgs(argv, SUITES)).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(argv, SUITES)).toThrow(message);
  });
});
