// Serves a memo-trainer model as an OpenAI-compatible chat server (tests only):
//   node memo-server.mjs --model <model dir> --port <port>
// A remembered question gets its answer in one step; any other question a wrong one.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const arg = (name) => process.argv[process.argv.indexOf(name) + 1];
const memory = JSON.parse(readFileSync(join(arg('--model'), 'model.json'), 'utf8'));
const server = createServer(async (req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ object: 'list', data: [{ id: 'memo', object: 'model' }] }));
  }
  let body = '';
  for await (const chunk of req) body += chunk;
  const request = JSON.parse(body);
  const question = request.messages.find((m) => m.role === 'user').content;
  const text = `The answer is \\boxed{${memory[question] ?? '-1'}}.`;
  const n = request.n ?? 1;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({
    id: 'x', object: 'chat.completion', model: request.model,
    choices: Array.from({ length: n }, (_, index) => ({ index, message: { role: 'assistant', content: text }, finish_reason: 'stop' })),
    usage: { prompt_tokens: 10, completion_tokens: 5 * n, total_tokens: 10 + 5 * n },
  }));
});
server.listen(Number(arg('--port')), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
