import { Command, CommanderError } from 'commander';
import { InputError, MetacotError } from '../core/errors.js';
import { COMMANDS } from './commands/index.js';
import { VERSION } from '../version.js';

/** What a command writes to; injectable so commands run in-process in tests. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stdout is a terminal (progress bars only then). */
  isTTY: boolean;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
};

/** Exit codes: 0 success, 1 a legitimate negative result (e.g. unsolved) or a failure of the world, 2 bad input. */
export class CliExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

export function buildProgram(io: CliIo): Command {
  const program = new Command('metacot')
    .description('Language models that reason by search, and searches turned into training data (Meta Chain-of-Thought).')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const register of COMMANDS) register(program, io);
  for (const command of program.commands) {
    command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  }
  return program;
}

/** Runs the CLI and returns the exit code; never throws and never prints a stack trace for expected errors. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CliExit) return error.code;
    if (error instanceof CommanderError) {
      // Commander has already printed its message (help, version, or a usage error).
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof InputError) {
      io.stderr(`metacot: ${error.message}\n`);
      return 2;
    }
    if (error instanceof MetacotError) {
      io.stderr(`metacot: ${error.message}\n`);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`metacot: unexpected error: ${message}\n`);
    if (process.env.METACOT_DEBUG && error instanceof Error) io.stderr(`${error.stack}\n`);
    return 1;
  }
}
