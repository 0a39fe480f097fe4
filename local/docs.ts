/**
 * Regenerates the README sections built from code (the configuration
 * reference, from lib/config-schema.ts):
 *   npx tsx local/docs.ts          rewrite them in README.md
 *   npx tsx local/docs.ts --check  exit 1 when README.md is out of date
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  applySections,
  DOC_SECTIONS,
  staleMessage,
  staleSections,
} from './docs-sections.js';

const README = fileURLToPath(new URL('../README.md', import.meta.url));

function main(): void {
  const isCheck = process.argv.includes('--check');
  const text = readFileSync(README, 'utf8');
  const stale = staleSections(text, DOC_SECTIONS);
  if (isCheck) {
    for (const marker of stale) console.error(staleMessage(marker));
    if (stale.length > 0) process.exit(1);
    console.log('README generated sections are up to date');
    return;
  }
  if (stale.length > 0)
    writeFileSync(README, applySections(text, DOC_SECTIONS));
  console.log(
    stale.length > 0
      ? `README: rewrote ${stale.join(', ')}`
      : 'README: up to date',
  );
}

main();
