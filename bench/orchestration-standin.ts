// The bench's stand-in OpenAI-compatible endpoint, in its own process so that its work
// does not count as the engine's. Prints its URL, then serves until killed.
// Usage: tsx bench/orchestration-standin.ts DELAY_MS
import { startStandin, type StandinRequest } from '../src/models/test-support/openai-standin-server.js';

/** Step k of a solution; an answer at step 3; judges say Yes to even seeds. */
export function benchRespond(body: StandinRequest, i: number): string {
  const seed = (body.seed ?? 0) + i;
  const last = body.messages?.[body.messages.length - 1];
  if (last?.content.includes('Reply with one word')) return seed % 2 === 0 ? 'Yes' : 'No';
  const done = last?.role === 'assistant' ? last.content.split('\n\n').filter(Boolean).length : 0;
  if (done >= 2) return `Therefore \\boxed{${seed % 4}}.`;
  return `Step ${done + 1}: consider case ${seed % 7} of the problem and simplify.\n\nmore`;
}

const delayMs = Number(process.argv[2] ?? 20);
const server = await startStandin({ respond: benchRespond, delayMs });
process.stdout.write(`${server.url}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
