import { Command, CommanderError } from 'commander';
import { InputError, MetacotError } from '../core/errors.js';
import { describeFileError, isFileSystemError } from '../core/file-error.js';
import { oneLine } from './parse-options.js';
import { COMMANDS } from './commands/index.js';
import { VERSION } from '../core/version.js';
import { CliExit, processIo, type CliIo } from './cli-io.js';


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
      io.stderr(`metacot: ${oneLine(error.message, 2000)}\n`);
      return 2;
    }
    if (error instanceof MetacotError) {
      io.stderr(`metacot: ${oneLine(error.message, 2000)}\n`);
      return 1;
    }
    // A path the user named that cannot be read or written (a file where a folder must be,
    // a read-only output folder, ...): bad input, named on one line, whatever raised it.
    if (isFileSystemError(error)) {
      io.stderr(`metacot: ${describeFileError(error)}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`metacot: unexpected error: ${oneLine(message, 500)}\n`);
    if (process.env.METACOT_DEBUG && error instanceof Error) io.stderr(`${error.stack}\n`);
    return 1;
  }
}
