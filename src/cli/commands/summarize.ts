import type { Command } from 'commander';
import type { CliContext } from '../context.js';

/** Registers the `summarize` command. (placeholder, to be implemented) */
export function register(_program: Command, _ctx: CliContext): void {}
