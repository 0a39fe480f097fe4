/**
 * bench/results/latest.json: every figure of the last complete full-size
 * run with its spread, and the machine. Other runs write beside it, so they
 * never replace it: latest-quick.json, latest-<suites>[-quick].json.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { BenchPlan } from './plan.js';
import type { Row } from './report.js';

const DIR = 'bench/results';

// Settings a reader needs to reproduce a figure (tuning levers included).
const RELEVANT_ENV = /^(INGEST_|KAFKA_|LOCAL_DB_ENGINE$)/;

/** Write the results file; returns its path. */
export function writeResults(
  plan: BenchPlan,
  only: readonly string[] | undefined,
  engine: string,
  rows: readonly Row[],
  seconds: number,
): string {
  const parts = [...(only ?? []), ...(plan.mode === 'quick' ? ['quick'] : [])];
  const file = `${DIR}/latest${parts.map((p) => `-${p}`).join('')}.json`;
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
    suites: only ?? 'all',
    engine,
    plan,
    env,
    seconds: Math.round(seconds),
    figures: rows,
  };
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}
