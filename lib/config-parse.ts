import {
  CONFIG_SCHEMA,
  type ConfigName,
  type EnumSpec,
  type EnumValue,
  type IntSpec,
  type ListSpec,
  specOf,
  type TextSpec,
} from './config-schema.js';

/** Raw text values keyed by variable name, as read from env or config.json. */
export type RawValues = Readonly<Record<string, string | undefined>>;

type Schema = typeof CONFIG_SCHEMA;
type NamesOf<S> = {
  [K in ConfigName]: Schema[K] extends S ? K : never;
}[ConfigName];
type TextName = NamesOf<{ readonly type: 'text' }>;
type EnumName = NamesOf<{ readonly type: 'enum' }>;

// Kafka topic names: 1–249 of [a-zA-Z0-9._-] (Kafka's Topic.validate).
const TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;
// A site id is a `source_site` (spec: ≤ 64 chars) and a group id default.
const SITE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
// host:port, the host a name, an IPv4 address or a bracketed IPv6 address.
const BROKER = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$/;

/**
 * Reads typed values out of raw text through the config schema, which holds
 * every default and range; collects every problem instead of stopping at the
 * first, so one error can name them all.
 */
export class ValueReader {
  readonly problems: string[] = [];
  /**
   * @param refusedSeedKeys config-file keys already named as problems: a
   *   variable they would fill is not reported missing a second time.
   */
  constructor(
    private readonly raw: RawValues,
    private readonly refusedSeedKeys: ReadonlySet<string> = new Set(),
  ) {}

  private value(name: ConfigName): string | undefined {
    return this.raw[name]?.trim() || undefined;
  }

  private missing(name: ConfigName, what: string): void {
    const seed = specOf(name).seed;
    if (seed && this.refusedSeedKeys.has(seed.key)) return;
    const or = seed ? `, or "${seed.key}" in config.json` : '';
    this.problems.push(`${name} is required: set ${what}${or}`);
  }

  /**
   * Trimmed text: the value, else `derived`, else the schema default; a
   * problem when none and the variable is required. Checks its format.
   */
  text(name: TextName, derived?: string): string {
    const spec: TextSpec = CONFIG_SCHEMA[name];
    const value = this.value(name);
    if (value === undefined) {
      const fallback = derived ?? spec.default;
      if (fallback === undefined) this.missing(name, 'it');
      return fallback ?? '';
    }
    if (spec.format === 'id' && !SITE_ID.test(value))
      this.problems.push(
        `${name} must be 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit; got "${value}"`,
      );
    if (spec.format === 'topic') this.checkTopic(name, value);
    return value;
  }

  /** Optional trimmed text: undefined when absent or empty. */
  optionalText(name: TextName): string | undefined {
    return this.value(name);
  }

  /** A whole number in the schema's range, or its default. */
  integer(name: NamesOf<IntSpec>): number {
    const {
      default: fallback,
      min,
      max = 2 ** 31,
    }: IntSpec = CONFIG_SCHEMA[name];
    const text = this.value(name);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!/^-?\d+$/.test(text) || value < min || value > max) {
      this.problems.push(
        `${name} must be a whole number from ${min} to ${max}, got "${text}" (unset it for ${fallback})`,
      );
      return fallback;
    }
    return value;
  }

  /** Required comma-separated list, empty entries dropped, each checked. */
  list(name: NamesOf<ListSpec>): string[] {
    const spec: ListSpec = CONFIG_SCHEMA[name];
    const items = (this.value(name) ?? '').split(',').map((s) => s.trim());
    const kept = items.filter(Boolean);
    if (kept.length === 0) this.missing(name, 'a comma-separated list');
    for (const item of kept) {
      if (spec.format === 'topic') this.checkTopic(name, item);
      else this.checkBroker(name, item);
    }
    return kept;
  }

  /** One value from the schema's closed set, else `derived` or default. */
  oneOf<N extends EnumName>(name: N, derived?: EnumValue<N>): EnumValue<N> {
    const spec: EnumSpec = CONFIG_SCHEMA[name];
    const fallback = derived ?? spec.default;
    if (fallback === undefined || !isValueOf(name, fallback))
      throw new TypeError(`${name} has no default in the config schema`);
    const text = this.value(name);
    if (text === undefined || isValueOf(name, text)) return text ?? fallback;
    this.problems.push(
      `${name} must be one of ${spec.values.join(', ')}, got "${text}"`,
    );
    return fallback;
  }

  /** Parse the text (or the schema default); its error becomes a problem. */
  parsed<T>(name: TextName, parse: (text: string) => T): T | undefined {
    const text = this.text(name);
    try {
      return parse(text);
    } catch (error: unknown) {
      const reason = error instanceof Error ? error.message : String(error);
      this.problems.push(`${name}: ${reason}`);
      return undefined;
    }
  }

  private checkTopic(name: ConfigName, topic: string): void {
    if (!TOPIC.test(topic))
      this.problems.push(
        `${name}: "${topic}" is not a legal Kafka topic name; use 1–249 letters, digits, '.', '_' or '-'`,
      );
  }

  private checkBroker(name: ConfigName, entry: string): void {
    const port = Number(BROKER.exec(entry)?.[1] ?? 0);
    if (port < 1 || port > 65535)
      this.problems.push(
        `${name}: "${entry}" must be host:port with a port from 1 to 65535, e.g. b-1.example.com:9092`,
      );
  }
}

function isValueOf<N extends EnumName>(
  name: N,
  text: string,
): text is EnumValue<N> {
  const spec: EnumSpec = CONFIG_SCHEMA[name];
  return spec.values.includes(text);
}
