import { readFileSync } from 'node:fs';
import { CONFIG_ENV_NAMES, specOf } from '../../lib/config-schema.js';
import {
  applySections,
  DOC_SECTIONS,
  type DocSection,
  staleMessage,
  staleSections,
} from '../../local/docs-sections.js';

// Keys of every `environment:` block (provider and per function): the
// indented UPPER_SNAKE keys under it, until the indentation drops back.
function environmentNames(yaml: string): string[] {
  const names: string[] = [];
  let blockIndent = -1;
  for (const line of yaml.split('\n')) {
    const indent = line.length - line.trimStart().length;
    if (/^\s*environment:\s*$/.test(line)) {
      blockIndent = indent;
    } else if (blockIndent >= 0 && line.trim() !== '') {
      const key = /^\s+([A-Z][A-Z0-9_]*):/.exec(line);
      if (indent <= blockIndent || !key?.[1]) blockIndent = -1;
      else names.push(key[1]);
    }
  }
  return names;
}

describe('README generated sections', () => {
  it('are up to date', () => {
    // Prepare
    const readme = readFileSync('README.md', 'utf8');
    // Act
    const stale = staleSections(readme, DOC_SECTIONS).map(staleMessage);
    // Assert
    expect(stale).toEqual([]);
  });

  it('lists every config variable in the reference', () => {
    // Prepare
    const readme = readFileSync('README.md', 'utf8');
    // Act
    const missing = CONFIG_ENV_NAMES.filter(
      (name) => !readme.includes(`| \`${name}\` |`),
    );
    // Assert
    expect(missing).toEqual([]);
  });

  it('replaces only the text between a section’s markers', () => {
    // Prepare
    const section: DocSection = { marker: 'x', render: () => 'new' };
    const text = 'a\n<!-- x:start -->\nold\n<!-- x:end -->\nb\n';
    // Act
    const result = applySections(text, [section]);
    // Assert
    expect(result).toBe('a\n<!-- x:start -->\n\nnew\n\n<!-- x:end -->\nb\n');
    expect(staleSections(result, [section])).toEqual([]);
  });

  it('names the markers a section lacks', () => {
    // Prepare
    const section: DocSection = { marker: 'cli-reference', render: () => '' };
    // Act / Assert
    expect(() => applySections('no markers', [section])).toThrow(
      'README needs exactly one "<!-- cli-reference:start -->"',
    );
  });
});

describe('serverless.yml environment', () => {
  it('uses only config schema names, and sets every required one', () => {
    // Prepare
    const yaml = readFileSync('serverless.yml', 'utf8');
    const known = new Set<string>(CONFIG_ENV_NAMES);
    const required = CONFIG_ENV_NAMES.filter((n) => specOf(n).required);
    // Act
    const names = environmentNames(yaml);
    // Assert
    expect(names.filter((name) => !known.has(name))).toEqual([]);
    expect(required.filter((name) => !names.includes(name))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['SITE_ID', 'KAFKA_AUTH']));
  });
});
