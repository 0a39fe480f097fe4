/**
 * The parent side of a benchmark worker: run bench/workers/<name>.ts in a
 * fresh node process (through tsx), pass the job, collect its result line.
 */
import { spawn } from 'node:child_process';
import { RESULT_MARK } from './workers/worker-io.js';

const TAIL_LINES = 30;

/**
 * Run a worker to completion and return its parsed result.
 * @throws Error with the worker's last output lines when it fails.
 */
export function runWorker<T>(
  name: string,
  job: unknown,
  env: Readonly<Record<string, string>> = {},
): Promise<T> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', `bench/workers/${name}.ts`],
    {
      env: { ...process.env, ...env, BENCH_JOB: JSON.stringify(job) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const tail: string[] = [];
  let result: string | undefined;
  let buffered = '';
  const keep = (line: string) => {
    if (line.startsWith(RESULT_MARK)) result = line.slice(RESULT_MARK.length);
    else if (line.trim()) tail.push(line) > TAIL_LINES && tail.shift();
  };
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (buffered + chunk.toString('utf8')).split('\n');
    buffered = lines.pop() ?? '';
    lines.forEach(keep);
  });
  child.stderr.on('data', (chunk: Buffer) =>
    chunk.toString('utf8').split('\n').forEach(keep),
  );
  return new Promise<T>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      keep(buffered);
      if (code === 0 && result !== undefined) {
        resolve(JSON.parse(result) as T);
        return;
      }
      const output = tail.join('\n');
      reject(new Error(`worker ${name} exited with ${code}:\n${output}`));
    });
  });
}
