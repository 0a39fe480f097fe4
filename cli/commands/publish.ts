import { readFile } from 'node:fs/promises';
import { createPostProducer } from '../../lib/kafka-producer.js';
import { parseJsonLines } from '../../lib/post-lines.js';
import {
  type PublishFileResult,
  publishFileLines,
} from '../../lib/publish-file.js';
import type { CliContext } from '../context.js';
import { createProgress, renderPairs, renderTable } from '../output.js';
import {
  CliError,
  type Command,
  type CommandArgs,
  EXIT,
  integerOption,
  stringOption,
  UsageError,
} from '../spec.js';

async function readPostsFile(path: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error: unknown) {
    const code = error instanceof Error ? Reflect.get(error, 'code') : '';
    const why = code === 'EISDIR' ? 'it is a directory' : String(code || error);
    throw new CliError(
      `cannot read ${path} (${why})`,
      'check the path given to --file',
      { cause: error },
    );
  }
  // A UTF-16 byte-order mark (LE or BE): every line would fail, each with
  // an odd JSON error; say what the file is instead.
  const [first, second] = bytes;
  if (
    (first === 0xff && second === 0xfe) ||
    (first === 0xfe && second === 0xff)
  ) {
    throw new CliError(
      `${path} is UTF-16 text`,
      'save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8), then publish it again',
    );
  }
  return bytes;
}

function render(file: string, r: PublishFileResult): string {
  const text = [
    `${file} → ${r.topic}`,
    renderPairs([
      ['lines', r.lines],
      ['sent', r.sent],
      ['skipped', r.skipped],
      ['invalid', r.invalid],
      ['failed', r.failed],
    ]),
  ];
  if (r.notSent.length > 0) {
    const rows = r.notSent.map((u) => [
      u.line,
      u.post_id,
      u.status,
      u.errors?.join('; ') ?? u.error ?? '',
    ]);
    text.push(
      '',
      'Lines not sent:',
      renderTable(['line', 'post_id', 'status', 'why'], rows),
    );
  }
  return text.join('\n');
}

async function run(args: CommandArgs, context: CliContext): Promise<number> {
  const file = stringOption(args, 'file');
  if (!file) throw new UsageError('publish needs --file <posts.ndjson>');
  if (file === '-')
    throw new UsageError(
      '--file takes a file path; standard input is not read (save the posts to a file)',
    );
  const batchSize = integerOption(args, 'batch-size', 100, 1, 1000);
  const lines = parseJsonLines(await readPostsFile(file));
  if (lines.length === 0)
    throw new CliError(
      `${file} holds no posts (no non-blank lines)`,
      'put one JSON post per line, e.g. {"post_id": 42, "username": "lin", "post_text": "hi"}',
    );
  const config = context.config();
  const logger = context.logger();
  const producer = createPostProducer(await context.kafka(), logger, {
    sendTimeoutMs: config.publish.timeoutMs,
  });
  const progress = createProgress(context.stderr, 'publish', {
    quiet: context.isQuiet,
  });
  try {
    const result = await publishFileLines(
      lines,
      {
        producer,
        db: context.db(),
        siteId: config.siteId,
        topic: config.kafka.publishTopic,
        settings: config.publish,
        logger,
      },
      {
        batchSize,
        onProgress: (done, total, sent) =>
          progress.update(done, total, `sent ${sent}`),
      },
    );
    progress.finish();
    context.print(render(file, result), { file, ...result });
    if (result.failed > 0) return EXIT.failure;
    return result.invalid > 0 ? EXIT.attention : EXIT.ok;
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
}

/** `publish --file posts.ndjson`: publish a file of local posts. */
export const publishCommand: Command = {
  name: ['publish'],
  summary: 'Publish a file of local posts (NDJSON, one post per line)',
  description:
    'Each line (UTF-8) is a post in the direct-invoke shape: {"post_id": 42, ' +
    '"username": "lin", "post_text": "…", "image_url"?: "https://…"}. ' +
    'Posts go out like a direct invoke of the publish function (rows ' +
    'already published or foreign are skipped). A bad line is reported ' +
    'with its number and does not stop the others. Exit code 1 ' +
    'when a send failed: retry the file, and posts whose rows were marked ' +
    'published are skipped; a post with no row in posts cannot be marked, ' +
    'so it is sent again (receivers store it once by its natural key).',
  options: [
    {
      name: 'file',
      type: 'string',
      short: 'f',
      value: 'PATH',
      description: 'The NDJSON file of posts (required)',
    },
    {
      name: 'batch-size',
      type: 'string',
      value: 'N',
      description: 'Posts per send (1–1000, default 100)',
    },
  ],
  attention: 'some lines were invalid (listed with their line numbers)',
  examples: [
    'instalite-bridge publish --local --file posts.ndjson',
    'instalite-bridge publish --file posts.ndjson --json',
  ],
  run,
};
