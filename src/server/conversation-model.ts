import type { ChatMessage, GenerateRequest, LanguageModel } from '../models/language-model.js';

/**
 * Puts the client's whole conversation in front of every policy request. The text policy
 * asks with `[system: instruction, user: question, assistant: partial?]`; this wrapper
 * sends `[system: instruction + the client's system prompts, every earlier turn, the last
 * user turn, assistant: partial?]` instead, so a system prompt or an earlier turn is never
 * lost (the peer proxies keep only the last user message).
 */
export function withConversation(model: LanguageModel, conversation: readonly ChatMessage[]): LanguageModel {
  const systems = conversation.filter((m) => m.role === 'system').map((m) => m.content).filter((c) => c.length > 0);
  const turns = conversation.filter((m) => m.role !== 'system');
  return {
    specificationVersion: model.specificationVersion,
    id: model.id,
    generate(request: GenerateRequest, signal?: AbortSignal) {
      if (!request.messages) return model.generate(request, signal);
      const [first, , ...rest] = request.messages;
      const instruction = first?.role === 'system' ? first.content : null;
      const partial = rest.filter((m) => m.role === 'assistant');
      const system = [instruction, ...systems].filter((s): s is string => s !== null && s.length > 0).join('\n\n');
      const messages: ChatMessage[] = [...(system ? [{ role: 'system' as const, content: system }] : []), ...turns, ...partial];
      return model.generate({ ...request, messages }, signal);
    },
  };
}
