#!/usr/bin/env node
// The `instalite-bridge` command: the CLI is TypeScript, run through tsx's
// ESM loader (registered here) so no build step is needed.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
