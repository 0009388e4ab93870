import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandInUpstream, type StandInUpstream } from './test-support/stand-in-upstream.js';
import { startTestServer } from './test-support/test-server.js';

/**
 * `POST /v1/responses` through the official `openai` client: searches answered as a
 * reasoning item and a message (streamed as the API's typed events), and plain model
 * names passed through to the upstream's own Responses endpoint (a stand-in here).
 */
const PUZZLE = 'Use 4 9 10 13 to make 24';

type ReasoningItem = { type: 'reasoning'; content?: Array<{ type: string; text: string }> };

describe('the Responses API', () => {
  let upstream: StandInUpstream;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let client: OpenAI;
  beforeAll(async () => {
    upstream = await startStandInUpstream();
    // In front of an upstream, so both searches (offline, model-less specs) and pass-through are served.
    server = await startTestServer({ baseURL: upstream.baseURL });
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  afterAll(async () => {
    await server.close();
    await upstream.close();
  });

  it('answers a search with a reasoning item (the search) and the answer as output_text', async () => {
    const response = await client.responses.create({ model: 'astar', input: PUZZLE, instructions: 'Be brief.' });
    expect(response.status).toBe('completed');
    expect(response.output_text).toMatch(/Answer: .+ = 24$/);
    expect(response.output.map((o) => o.type)).toEqual(['reasoning', 'message']);
    const reasoning = response.output[0] as unknown as ReasoningItem;
    expect(reasoning.content![0]!.type).toBe('reasoning_text');
    expect(reasoning.content![0]!.text).toContain('Solution:');
    expect(response.usage!.output_tokens).toBeGreaterThan(0);
    expect((response as unknown as { metacot: { stop_reason: string } }).metacot.stop_reason).toBe('solved');
  });

  it('streams the search as reasoning_text deltas, then the answer, then response.completed', async () => {
    const stream = await client.responses.create({ model: 'astar', input: [{ role: 'user', content: [{ type: 'input_text', text: PUZZLE }] }], stream: true });
    const types: string[] = [];
    let reasoning = '';
    let answer = '';
    let final: OpenAI.Responses.Response | null = null;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.reasoning_text.delta') reasoning += event.delta;
      if (event.type === 'response.output_text.delta') answer += event.delta;
      if (event.type === 'response.completed') final = event.response;
    }
    expect(types.slice(0, 4)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
    expect(types.at(-1)).toBe('response.completed');
    expect(types.filter((t) => t === 'response.reasoning_text.delta').length).toBeGreaterThan(0);
    expect(answer).toMatch(/Answer: .+ = 24$/);
    const message = final!.output[1] as OpenAI.Responses.ResponseOutputMessage;
    expect((message.content[0] as OpenAI.Responses.ResponseOutputText).text).toBe(answer);
    expect((final!.output[0] as unknown as ReasoningItem).content![0]!.text).toBe(reasoning);
    // The client's own helper reads the same stream.
    const helper = client.responses.stream({ model: 'astar', input: PUZZLE });
    expect((await helper.finalResponse()).output_text).toBe(answer);
  });

  it('reports a search cut by max_output_tokens as incomplete', async () => {
    const response = await client.responses.create({ model: 'bon-8', input: PUZZLE, max_output_tokens: 16 });
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(response.usage!.output_tokens).toBeLessThanOrEqual(16);
  });

  it('refuses what a search cannot honour, and passes plain model names through', async () => {
    await expect(client.responses.create({ model: 'astar', input: PUZZLE, previous_response_id: 'resp_x' })).rejects.toThrow(/previous_response_id/);
    const plain = await client.responses.create({ model: 'stand-in', input: 'hi' });
    expect(plain.output_text).toBe('Hello from the stand-in upstream.');
    expect(upstream.requests.at(-1)!.path).toBe('/v1/responses');
    const types: string[] = [];
    for await (const event of await client.responses.create({ model: 'stand-in', input: 'hi', stream: true })) types.push(event.type);
    expect(types).toEqual(['response.created', 'response.output_text.delta', 'response.completed']);
  });
});
