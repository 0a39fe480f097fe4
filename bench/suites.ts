/** The benchmark suites, in the order they run. */
import type { BenchContext } from './context.js';
import { benchIdle, benchRss } from './idle-rss-suite.js';
import { benchIngest } from './ingest-suite.js';
import { benchLevers } from './levers-suite.js';
import { benchLoad } from './load-suite.js';
import { benchPublish } from './publish-suite.js';
import type { Row } from './report.js';

/** A named group of benchmarks producing table rows. */
export interface Suite {
  readonly name: string;
  run(ctx: BenchContext): Promise<Row[]>;
  /** Run only when named in `--only=`. */
  readonly optIn?: boolean;
}

/** Every suite; `--only=name,…` picks some (and the opt-in ones). */
export const SUITES: readonly Suite[] = [
  { name: 'ingest', run: benchIngest },
  { name: 'idle', run: benchIdle },
  { name: 'rss', run: benchRss },
  { name: 'publish', run: benchPublish },
  { name: 'load', run: benchLoad },
  { name: 'levers', run: benchLevers, optIn: true },
];
