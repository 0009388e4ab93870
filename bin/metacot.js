#!/usr/bin/env node
// The CLI entry: runs the compiled library (built by `npm ci` through the prepare script).
import { runCli } from '../dist/cli/main.js';

process.exitCode = await runCli(process.argv.slice(2));
