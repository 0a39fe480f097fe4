/** bench/results/latest.json: every figure with its spread, and the machine. */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { BenchPlan } from './plan.js';
import type { Row } from './report.js';

const FILE = 'bench/results/latest.json';

// Settings a reader needs to reproduce a figure (tuning levers included).
const RELEVANT_ENV = /^(INGEST_|KAFKA_|LOCAL_DB_ENGINE$)/;

/** Write the results file; returns its path. */
export function writeResults(
  plan: BenchPlan,
  engine: string,
  rows: readonly Row[],
  seconds: number,
): string {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => RELEVANT_ENV.test(k)),
  );
  const results = {
    date: new Date().toISOString(),
    machine: {
      cores: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
    },
    mode: plan.mode,
    engine,
    plan,
    env,
    seconds: Math.round(seconds),
    figures: rows,
  };
  writeFileSync(FILE, `${JSON.stringify(results, null, 2)}\n`);
  return FILE;
}
