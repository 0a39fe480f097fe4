import { ingestCommand } from './commands/ingest.js';
import { publishCommand } from './commands/publish.js';
import { quarantineListCommand } from './commands/quarantine-list.js';
import { quarantineReplayCommand } from './commands/quarantine-replay.js';
import { quarantineShowCommand } from './commands/quarantine-show.js';
import { statusCommand } from './commands/status.js';
import type { Command } from './spec.js';

/** Every command, in the order help lists them. */
export const COMMANDS: readonly Command[] = [
  statusCommand,
  quarantineListCommand,
  quarantineShowCommand,
  quarantineReplayCommand,
  publishCommand,
  ingestCommand,
];
