// A stand-in trainer behind the star loop's command contract (tests only):
//   node memo-trainer.mjs --data <train.jsonl> --out <model dir>
// "Trains" by remembering, per question, the final answer of the SFT example's trace.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const arg = (name) => process.argv[process.argv.indexOf(name) + 1];
const data = arg('--data'), out = arg('--out');
const memory = {};
for (const line of readFileSync(data, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const { messages } = JSON.parse(line);
  const question = messages.find((m) => m.role === 'user').content;
  const answer = /Answer: (.*)\n?$/.exec(messages[messages.length - 1].content)?.[1];
  if (answer) memory[question] = answer;
}
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'model.json'), JSON.stringify(memory));
console.log(`trained on ${Object.keys(memory).length} examples`);
