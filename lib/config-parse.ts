/** Raw text values keyed by variable name, as read from env or config.json. */
export type RawValues = Readonly<Record<string, string | undefined>>;

/**
 * Reads typed values out of raw text, collecting every problem instead of
 * stopping at the first, so one error can name them all.
 */
export class ValueReader {
  readonly problems: string[] = [];
  constructor(private readonly raw: RawValues) {}

  /** Trimmed text, or the fallback; a problem when required and absent. */
  text(name: string, fallback?: string): string {
    const value = this.raw[name]?.trim();
    if (value) return value;
    if (fallback !== undefined) return fallback;
    this.problems.push(`${name} is required`);
    return '';
  }

  /** Optional trimmed text: undefined when absent or empty. */
  optionalText(name: string): string | undefined {
    return this.raw[name]?.trim() || undefined;
  }

  /** A whole number in [min, max]. */
  integer(name: string, fallback: number, min = 0, max = 2 ** 31): number {
    const text = this.raw[name]?.trim();
    if (!text) return fallback;
    const value = Number(text);
    if (!/^-?\d+$/.test(text) || value < min || value > max) {
      this.problems.push(
        `${name} must be a whole number from ${min} to ${max}, got "${text}"`,
      );
      return fallback;
    }
    return value;
  }

  /** Comma-separated list; empty entries dropped. */
  list(name: string, fallback?: readonly string[]): string[] {
    const text = this.raw[name]?.trim();
    const items = text ? text.split(',').map((s) => s.trim()) : [];
    const kept = items.filter(Boolean);
    if (kept.length > 0) return kept;
    if (fallback && fallback.length > 0) return [...fallback];
    this.problems.push(`${name} is required (a comma-separated list)`);
    return [];
  }

  /** One value from a closed set. */
  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const text = this.raw[name]?.trim();
    if (!text) return fallback;
    const match = allowed.find((a) => a === text);
    if (match !== undefined) return match;
    this.problems.push(
      `${name} must be one of ${allowed.join(', ')}, got "${text}"`,
    );
    return fallback;
  }

  /** Run a parser and record its error message as a problem. */
  parsed<T>(name: string, fallback: T, parse: (text: string) => T): T {
    const text = this.raw[name]?.trim();
    if (!text) return fallback;
    try {
      return parse(text);
    } catch (error: unknown) {
      const reason = error instanceof Error ? error.message : String(error);
      this.problems.push(`${name}: ${reason}`);
      return fallback;
    }
  }
}
