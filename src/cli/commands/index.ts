import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { register as solve } from './solve.js';
import { register as view } from './view.js';
import { register as evalCommand } from './eval.js';
import { register as train } from './train.js';
import { register as star } from './star.js';
import { register as rl } from './rl.js';
import { register as score } from './score.js';
import { register as merge } from './merge.js';
import { register as report } from './report.js';
import { register as grade } from './grade.js';
import { register as serve } from './serve.js';
import { register as generate } from './generate.js';
import { register as exportCommand } from './export.js';
import { register as rewardServer } from './reward-server.js';

/**
 * Every CLI command: one file each under this folder, exporting a `register` that
 * declares its arguments (help is generated from them) and imports its heavy modules
 * only inside its action, so `metacot --help` stays instant.
 */
export type RegisterCommand = (program: Command, io: CliIo) => void;

export const COMMANDS: RegisterCommand[] = [solve, view, evalCommand, score, merge, report, grade, serve, train, star, rl, generate, exportCommand, rewardServer];
