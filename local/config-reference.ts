/** The README configuration reference, rendered from the config schema. */
import {
  CONFIG_ENV_NAMES,
  CONFIG_GROUPS,
  type ConfigName,
  specOf,
  type VarSpec,
} from '../lib/config-schema.js';

const code = (text: string | number) => `\`${text}\``;

function seedText(spec: VarSpec): string | undefined {
  if (!spec.seed) return undefined;
  const key = code(spec.seed.key);
  return spec.seed.first
    ? `first ${key} in config.json`
    : `${key} in config.json`;
}

function defaultText(spec: VarSpec): string {
  const seed = seedText(spec);
  if (spec.required) return seed ? `required (or ${seed})` : 'required';
  if (spec.derived)
    return seed ? `${seed}, else ${spec.derived}` : spec.derived;
  if ('default' in spec && spec.default !== undefined)
    return code(spec.default);
  return 'unset';
}

const TOPIC = 'Kafka topic name: 1–249 of `a-z A-Z 0-9 . _ -`';

function allowedText(spec: VarSpec): string {
  switch (spec.type) {
    case 'int':
      return spec.max === undefined
        ? `≥ ${spec.min}`
        : `${spec.min}–${spec.max}`;
    case 'enum':
      return spec.values.map(code).join(', ');
    case 'list':
      return spec.format === 'broker'
        ? 'comma-separated `host:port`, port 1–65535'
        : `comma-separated; each a ${TOPIC}`;
    case 'text':
      if (spec.format === 'id')
        return '1–64 of `a-z A-Z 0-9 . _ -`, starting with a letter or digit';
      if (spec.format === 'topic') return TOPIC;
      return spec.shape ?? 'text';
  }
}

function row(name: ConfigName): string {
  const spec = specOf(name);
  const cells = [code(name), defaultText(spec), allowedText(spec), spec.doc];
  return `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`;
}

/** One table per group: variable, default or "required", allowed, meaning. */
export function renderConfigReference(): string {
  const note =
    '_Generated from `lib/config-schema.ts` by `npm run docs`; edit the schema, not this table._';
  const tables = CONFIG_GROUPS.map((group) => {
    const names = CONFIG_ENV_NAMES.filter((n) => specOf(n).group === group);
    return [
      `#### ${group}`,
      '',
      '| variable | default | allowed | description |',
      '|---|---|---|---|',
      ...names.map(row),
    ].join('\n');
  });
  return [note, ...tables].join('\n\n');
}
