import type { ChatMessage } from './language-model.js';

/**
 * Renders chat messages as one prompt for a text-completion endpoint, leaving a final
 * assistant message open so the model continues it. Used to continue partial answers on
 * servers whose chat endpoint cannot prefill.
 */
export type ChatTemplate = (messages: readonly ChatMessage[]) => string;

/** ChatML (Qwen, many fine-tunes, llama.cpp's `--chat-template chatml`). */
export const chatmlTemplate: ChatTemplate = (messages) => {
  let out = '';
  messages.forEach((m, i) => {
    const open = i === messages.length - 1 && m.role === 'assistant';
    out += `<|im_start|>${m.role}\n${m.content}${open ? '' : '<|im_end|>\n'}`;
  });
  if (messages[messages.length - 1]?.role !== 'assistant') out += '<|im_start|>assistant\n';
  return out;
};

/** Llama 3 instruct. */
export const llama3Template: ChatTemplate = (messages) => {
  let out = '<|begin_of_text|>';
  messages.forEach((m, i) => {
    const open = i === messages.length - 1 && m.role === 'assistant';
    out += `<|start_header_id|>${m.role}<|end_header_id|>\n\n${m.content}${open ? '' : '<|eot_id|>'}`;
  });
  if (messages[messages.length - 1]?.role !== 'assistant') out += '<|start_header_id|>assistant<|end_header_id|>\n\n';
  return out;
};

export const CHAT_TEMPLATES: Record<string, ChatTemplate> = { chatml: chatmlTemplate, llama3: llama3Template };
