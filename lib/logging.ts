import { AsyncLocalStorage } from 'node:async_hooks';

/** Fields attached to every line a logger writes. */
export type LogContext = Readonly<Record<string, unknown>>;

type Level = 'debug' | 'info' | 'warn' | 'error';
type Sink = (line: string) => void;

/** Structured logger: one JSON object per line. */
export interface Logger {
  debug(message: string, fields?: LogContext): void;
  info(message: string, fields?: LogContext): void;
  warn(message: string, fields?: LogContext): void;
  error(message: string, fields?: LogContext): void;
  child(fields: LogContext): Logger;
  /** Write a document as one line, whatever the level (EMF metrics). */
  emit(document: LogContext): void;
}

const levelRank: Record<Level, number> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
};

// Fields of the invocation (request id, cold start) and of the chunk being
// written (topic, partition, offsets), for every line written inside them,
// also by the clients built once at cold start (Data API retries, kafkajs).
const scope = new AsyncLocalStorage<LogContext>();

/**
 * Run `fn` with `fields` added to every line any logger writes inside it,
 * across awaits, timers and callbacks it starts.
 */
export function withLogContext<T>(fields: LogContext, fn: () => T): T {
  return scope.run({ ...scope.getStore(), ...fields }, fn);
}

function errorFields(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const { name, message, stack } = value;
  const extra = Object.fromEntries(Object.entries(value));
  return { name, message, ...extra, stack, cause: errorFields(value.cause) };
}

/** Build a logger that writes JSON lines at or above `minLevel`. */
export function createLogger(
  context: LogContext = {},
  minLevel: Level = 'info',
  sink: Sink = (line) => process.stdout.write(`${line}\n`),
): Logger {
  const write = (level: Level, message: string, fields: LogContext = {}) => {
    if (levelRank[level] < levelRank[minLevel]) return;
    const entry: Record<string, unknown> = {
      level,
      time: new Date().toISOString(),
      message,
      ...scope.getStore(),
      ...context,
    };
    for (const [key, value] of Object.entries(fields)) {
      entry[key] = errorFields(value);
    }
    sink(JSON.stringify(entry));
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger({ ...context, ...fields }, minLevel, sink),
    emit: (document) => sink(JSON.stringify(document)),
  };
}

/** What the Lambda context tells about the function and the invocation. */
export interface InvocationContext {
  readonly awsRequestId: string;
  readonly functionName?: string;
  readonly functionVersion?: string;
}

/**
 * Log fields of one invocation: request id, function name and version, cold
 * start, and the X-Ray trace id (the `Root` of `traceHeader`) when set; pure.
 */
export function invocationFields(
  context: InvocationContext,
  isColdStart: boolean,
  traceHeader?: string,
): LogContext {
  // https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader
  const traceId = /(?:^|;)\s*Root=([^;\s]+)/.exec(traceHeader ?? '')?.[1];
  return {
    requestId: context.awsRequestId,
    ...(context.functionName && { functionName: context.functionName }),
    ...(context.functionVersion && {
      functionVersion: context.functionVersion,
    }),
    coldStart: isColdStart,
    ...(traceId && { traceId }),
  };
}

/** True on the first call only: the invocation that paid the cold start. */
export function coldStartFlag(): () => boolean {
  let isCold = true;
  return () => {
    const was = isCold;
    isCold = false;
    return was;
  };
}
