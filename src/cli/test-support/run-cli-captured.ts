import { type CliIo } from '../cli-io.js';
import { runCli } from '../main.js';

/** Runs the CLI in-process and captures what it prints. */
export async function runCliCaptured(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '', stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
