/**
 * Ingest side by side (issue 7): (a) naive baseline, (b) our handler, (c)
 * the no-write ceiling, each at every injected latency, repeated; variants
 * interleaved within a repetition so drift hits them alike.
 */
import type { BenchContext } from './context.js';
import {
  type Measurement,
  measureIngest,
  type Variant,
} from './ingest-runs.js';
import { loadTemplates, makeRecords } from './records.js';
import { check, type Row } from './report.js';
import { figure } from './stats.js';
import { createTopic, produceRecords } from './topics.js';

const VARIANTS: readonly Variant[] = ['handler', 'ceiling', 'baseline'];
const LABEL: Record<Variant, string> = {
  baseline: '(a) baseline',
  handler: '(b) handler',
  ceiling: '(c) ceiling',
};

/** A topic of 3 partitions holding `count` real-shaped records. */
export async function filledTopic(
  ctx: BenchContext,
  purpose: string,
  count: number,
): Promise<string> {
  const topic = `bench-${purpose}-${ctx.tag}`;
  await createTopic(ctx.kafka, topic, 3);
  const records = makeRecords(loadTemplates(), count, ctx.tag);
  await produceRecords(ctx.kafka, topic, records);
  ctx.progress(`produced ${count} records to ${topic} (3 partitions)`);
  return topic;
}

/** Every variant at every latency; returns the table rows. */
export async function benchIngest(ctx: BenchContext): Promise<Row[]> {
  const { plan } = ctx;
  const topic = await filledTopic(ctx, 'ingest', plan.ingestRecords);
  const rows: Row[] = [];
  for (const latency of plan.latenciesMs) {
    const got: Record<Variant, Measurement[]> = {
      baseline: [],
      handler: [],
      ceiling: [],
    };
    for (let rep = 1; rep <= plan.ingestRuns; rep += 1) {
      for (const variant of VARIANTS) {
        if (variant === 'baseline' && rep > plan.baselineRuns) continue;
        const m = await measureIngest(ctx, variant, topic, latency);
        got[variant].push(m);
        ctx.progress(
          `ingest @${latency}ms ${LABEL[variant]} run ${rep}: ${m.records} rec in ${m.seconds.toFixed(1)} s = ${m.recordsPerSecond.toFixed(0)}/s, ${m.callsPer1000.toFixed(1)} calls/1k, ${m.peakRssMb.toFixed(0)} MB (${m.detail})`,
        );
      }
    }
    rows.push(...ingestRows(ctx, latency, got));
  }
  return rows;
}

function ingestRows(
  ctx: BenchContext,
  latency: number,
  got: Record<Variant, Measurement[]>,
): Row[] {
  const section = `ingest @${latency}ms`;
  const rate = (v: Variant) => figure(got[v].map((m) => m.recordsPerSecond));
  const ratio = (top: Variant, bottom: Variant) =>
    figure(
      got[top].flatMap((m, i) => {
        const b = got[bottom][i] ?? got[bottom][0];
        return b ? [m.recordsPerSecond / b.recordsPerSecond] : [];
      }),
    );
  const ba = ratio('handler', 'baseline');
  const bc = ratio('handler', 'ceiling');
  const calls = figure(got.handler.map((m) => m.callsPer1000));
  const bounded = `first ≤${ctx.plan.baselineMaxRecords} records or ${ctx.plan.baselineMaxMs / 1000} s, steady state`;
  const rows: Row[] = [
    {
      section,
      name: '(a) baseline rate',
      unit: 'rec/s',
      figure: rate('baseline'),
      note: bounded,
    },
    {
      section,
      name: '(b) handler rate',
      unit: 'rec/s',
      figure: rate('handler'),
      note: `${ctx.plan.ingestRecords} records, invoke→return`,
    },
    {
      section,
      name: '(c) ceiling rate',
      unit: 'rec/s',
      figure: rate('ceiling'),
    },
    {
      section,
      name: '(a) Data API calls',
      unit: 'per 1k rec',
      figure: figure(got.baseline.map((m) => m.callsPer1000)),
    },
    {
      section,
      name: '(b) Data API calls',
      unit: 'per 1k rec',
      figure: calls,
      target: check(calls, '<=', 2, '≤ 2'),
    },
    {
      section,
      name: '(b)/(a) speed-up',
      unit: '×',
      figure: ba,
      target: check(
        ba,
        '>=',
        latency === 0 ? 30 : 300,
        latency === 0 ? '≥ 30×' : '≥ 300×',
      ),
    },
    latency === 0
      ? {
          section,
          name: '(b)/(c) of ceiling',
          unit: '×',
          figure: bc,
          target: check(bc, '>=', 0.5, '≥ 0.5'),
        }
      : { section, name: '(b)/(c) of ceiling', unit: '×', figure: bc },
  ];
  for (const v of ['baseline', 'handler', 'ceiling'] as const) {
    const rss = figure(got[v].map((m) => m.peakRssMb));
    rows.push({
      section,
      name: `${LABEL[v]} peak RSS`,
      unit: 'MB',
      figure: rss,
    });
  }
  return rows;
}
