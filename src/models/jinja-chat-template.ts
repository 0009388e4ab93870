import { Template } from '@huggingface/jinja';
import { InputError } from '../core/errors.js';
import type { ChatTemplate } from './chat-template.js';
import type { ChatMessage } from './language-model.js';

/** A model's Hugging Face chat template (Jinja) with the special tokens it refers to. */
export interface JinjaChatTemplateSource {
  template: string;
  bosToken?: string | null;
  eosToken?: string | null;
  /** Where it came from, for messages and run configs (e.g. `tokenizer_config.json`, `llama.cpp /props`). */
  origin: string;
}

/**
 * Stands in for the partial assistant message while rendering: templates transform
 * content (trim it, split off `<think>` blocks), but a continuation must go on from the
 * partial text exactly as written, so the template renders a marker that is then
 * replaced by the text itself. Control characters never occur in a template's own text.
 */
const CONTINUE_MARKER = '\u0000metacot-continue\u0000';

/**
 * Renders chat messages with a model's own chat template through `@huggingface/jinja`
 * (the JavaScript implementation of the Jinja subset Hugging Face chat templates use).
 * A final assistant message is left open, so the model continues it, as vLLM's
 * `continue_final_message` does; otherwise the template's generation prompt is added.
 */
export function jinjaChatTemplate(source: JinjaChatTemplateSource): ChatTemplate {
  let template: Template;
  try {
    template = new Template(source.template);
  } catch (error) {
    throw new InputError(`chat template from ${source.origin} does not parse: ${(error as Error).message}`);
  }
  const render = (messages: readonly ChatMessage[], addGenerationPrompt: boolean): string => {
    try {
      return template.render({
        messages: messages.map((m) => ({ role: m.role, content: m.content })),
        add_generation_prompt: addGenerationPrompt,
        bos_token: source.bosToken ?? '',
        eos_token: source.eosToken ?? '',
      });
    } catch (error) {
      // e.g. Gemma's "System role not supported": the template itself refuses the conversation.
      throw new InputError(`chat template from ${source.origin} refused the messages: ${(error as Error).message}`);
    }
  };
  return (messages) => {
    const last = messages[messages.length - 1];
    if (last?.role !== 'assistant') return render(messages, true);
    const rendered = render([...messages.slice(0, -1), { role: 'assistant', content: CONTINUE_MARKER }], false);
    const at = rendered.lastIndexOf(CONTINUE_MARKER);
    if (at < 0) throw new InputError(`chat template from ${source.origin} drops a final assistant message, so it cannot continue one`);
    return rendered.slice(0, at) + last.content;
  };
}
