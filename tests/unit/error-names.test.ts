import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The bundles are minified: a class's own name becomes `lt`, so every error
// class the functions can throw must name itself in a string.
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('error classes in lib/ and functions/', () => {
  const classes = ['lib', 'functions']
    .flatMap(sourceFiles)
    .flatMap((file) =>
      [
        ...readFileSync(file, 'utf8').matchAll(
          /class (\w+) extends (\w*Error)\b[^{]*\{([\s\S]*?)\n\}/g,
        ),
      ].map((m) => ({ file, name: m[1] ?? '', body: m[3] ?? '' })),
    );

  it('finds the error classes', () => {
    expect(classes.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'ConfigError',
        'KafkaConsumeError',
        'SecretError',
      ]),
    );
  });

  it('each names itself in a string, which minifying keeps', () => {
    const unnamed = classes
      .filter((c) => c.name !== 'JsonSyntaxError') // internal, never leaves its parser
      .filter(
        (c) =>
          !new RegExp(`readonly name(: string)? = '${c.name}'`).test(c.body),
      )
      .map((c) => `${c.file}: ${c.name}`);
    expect(unnamed).toEqual([]);
  });
});
