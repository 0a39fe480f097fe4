import type { Backend } from './backend.js';
import type { FaultInjector } from './faults.js';
import type { StatementRunner } from './statement-runner.js';
import type { TransactionRegistry } from './transactions.js';

/** Settings the operations read (see `DataApiServerOptions`). */
export interface EmulatorSettings {
  readonly defaultDatabase: string;
  readonly maxResultBytes: number;
  readonly resourceArns?: readonly string[];
  readonly secretArns?: readonly string[];
}

/** Everything one running emulator shares between requests. */
export interface EmulatorContext {
  readonly backend: Backend;
  readonly transactions: TransactionRegistry;
  readonly runner: StatementRunner;
  readonly faults: FaultInjector;
  readonly settings: EmulatorSettings;
}
