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
}

const levelRank: Record<Level, number> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
};

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
  };
}
