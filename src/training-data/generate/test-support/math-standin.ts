import { startStandin, type Standin, type StandinRequest } from '../../../models/test-support/openai-standin-server.js';

/**
 * A stand-in OpenAI-compatible server for the data pipeline's tests: for "What is A + B?"
 * a request whose seed is even gets a wrong sum, any other the right one, each
 * as one reasoning step and then an answer step; judge prompts get "Yes".
 */
export async function startMathStandin(): Promise<Standin> {
  return startStandin({
    respond: (body: StandinRequest, index: number) => {
      const messages = body.messages ?? [];
      const user = messages.find((m) => m.role === 'user')?.content ?? '';
      const system = messages.find((m) => m.role === 'system')?.content ?? '';
      if (!/step by step/i.test(system)) return 'Yes';
      const match = /What is (\d+) \+ (\d+)\?/.exec(user);
      if (!match) return 'I do not know. \\boxed{0}';
      const sum = Number(match[1]) + Number(match[2]);
      const continuing = messages.some((m) => m.role === 'assistant');
      if (!continuing) return `We add ${match[1]} and ${match[2]}.`;
      return `So the sum is \\boxed{${(body.seed ?? index) % 2 === 0 ? sum + 1 : sum}}.`;
    },
  });
}
