import { ingestCommand } from './commands/ingest.js';
import { publishCommand } from './commands/publish.js';
import type { Command } from './spec.js';

/** Every command, in the order help lists them. */
export const COMMANDS: readonly Command[] = [publishCommand, ingestCommand];
