/**
 * The CLI as a child process for tests that need real processes (job arrays): the same
 * entry as bin/metacot.js, run from the sources through tsx.
 */
import { runCli } from '../main.js';

process.exitCode = await runCli(process.argv.slice(2));
