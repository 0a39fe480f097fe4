/**
 * Test helpers for CloudWatch embedded metric format (EMF) documents and the
 * JSON lines a handler prints.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html
const UNITS = new Set([
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
]);

function onlyKeys(value: Json, allowed: readonly string[], where: string) {
  const extra = Object.keys(value).filter((k) => !allowed.includes(k));
  if (extra.length > 0) problems(where, `unexpected members ${extra}`);
}

function problems(where: string, what: string): never {
  throw new Error(`EMF ${where}: ${what}`);
}

function checkDirective(doc: Json, directive: unknown, i: number): void {
  const where = `CloudWatchMetrics[${i}]`;
  if (!isObject(directive)) problems(where, 'is not an object');
  onlyKeys(directive, ['Namespace', 'Dimensions', 'Metrics'], where);
  const { Namespace, Dimensions, Metrics } = directive;
  if (typeof Namespace !== 'string' || !/^[^:].{0,254}$/.test(Namespace))
    problems(where, 'Namespace must be a 1–255 character string');
  if (!Array.isArray(Dimensions)) problems(where, 'Dimensions not an array');
  for (const set of Dimensions) {
    if (!Array.isArray(set) || set.length > 30)
      problems(where, 'a DimensionSet must be an array of at most 30 names');
    for (const name of set) {
      if (typeof doc[name] !== 'string')
        problems(where, `dimension ${name} has no top-level string value`);
    }
  }
  if (!Array.isArray(Metrics) || Metrics.length > 100)
    problems(where, 'Metrics must be an array of at most 100');
  for (const metric of Metrics) {
    if (!isObject(metric)) problems(where, 'a metric is not an object');
    onlyKeys(metric, ['Name', 'Unit', 'StorageResolution'], where);
    const { Name, Unit } = metric;
    if (typeof Name !== 'string' || Name === '')
      problems(where, 'a metric has no Name');
    if (Unit !== undefined && !UNITS.has(String(Unit)))
      problems(where, `unknown unit ${String(Unit)}`);
    if (typeof doc[Name] !== 'number' || !Number.isFinite(doc[Name]))
      problems(where, `metric ${Name} has no top-level number value`);
  }
}

/**
 * Check a parsed line against the EMF specification; returns it typed.
 * @throws Error naming the first rule it breaks.
 */
export function checkEmf(doc: unknown): Json & { _aws: Json } {
  if (!isObject(doc)) problems('root', 'is not an object');
  const meta = doc._aws;
  if (!isObject(meta)) problems('root', 'has no _aws object');
  if (typeof meta.Timestamp !== 'number' || !Number.isInteger(meta.Timestamp))
    problems('_aws', 'Timestamp must be epoch milliseconds');
  const directives = meta.CloudWatchMetrics;
  if (!Array.isArray(directives) || directives.length === 0)
    problems('_aws', 'CloudWatchMetrics must be a non-empty array');
  directives.forEach((d, i) => {
    checkDirective(doc, d, i);
  });
  return { ...doc, _aws: meta };
}

/** Whether a parsed line is an EMF document (has `_aws`). */
export const isEmf = (line: Json): boolean => '_aws' in line;

/**
 * Capture what the code under test writes to stdout while `act` runs, and
 * parse every line as JSON (a line that is not JSON fails the test).
 */
export async function captureStdout<T>(
  act: () => Promise<T>,
): Promise<{ result: T; lines: Json[] }> {
  let text = '';
  const spy = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => {
      text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      return true;
    });
  let result: T;
  try {
    result = await act();
  } finally {
    spy.mockRestore();
  }
  const lines = text
    .split('\n')
    .filter((l) => l !== '')
    .map((l): Json => {
      const parsed: unknown = JSON.parse(l);
      if (!isObject(parsed)) throw new Error(`not a JSON object: ${l}`);
      return parsed;
    });
  return { result, lines };
}
