import { z } from 'zod';

/**
 * The documented shapes of the formats metacot exports, written from the trainers' docs:
 * - TRL conversational language modeling (SFTTrainer): `{"messages": [{"role", "content"}]}`;
 * - OpenAI chat fine-tuning: the same, where an assistant message may carry `weight` 0 or 1
 *   (0: no loss on that message), no other keys;
 * - ShareGPT (LLaMA-Factory, FastChat): `{"conversations": [{"from": "system"|"human"|"gpt", "value"}]}`;
 * - TRL preference (DPOTrainer): `{"prompt", "chosen", "rejected"}`, all strings (standard) or
 *   all message lists (conversational);
 * - TRL stepwise supervision (PRMTrainer): `{"prompt": str, "completions": [str], "labels": [bool]}`,
 *   one label per completion step.
 * Tests validate every export against these; `metacot export` validates each line before writing.
 */
const role = z.enum(['system', 'user', 'assistant']);

export const trlMessageSchema = z.object({ role, content: z.string() });

export const trlSftSchema = z
  .object({
    messages: z.array(trlMessageSchema).min(2),
    /** metacot's additions (TRL keeps extra columns out of the model input). */
    loss_spans: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((r) => r.messages[r.messages.length - 1]!.role === 'assistant', 'the last message must be the assistant’s');

export const openAiSftSchema = z
  .object({
    messages: z
      .array(z.union([z.object({ role: z.enum(['system', 'user']), content: z.string() }).strict(), z.object({ role: z.literal('assistant'), content: z.string(), weight: z.union([z.literal(0), z.literal(1)]).optional() }).strict()]))
      .min(2),
  })
  .strict()
  .refine((r) => r.messages.some((m) => m.role === 'assistant' && (!('weight' in m) || m.weight === 1)), 'at least one assistant message must carry loss');

export const shareGptSchema = z
  .object({
    conversations: z.array(z.object({ from: z.enum(['system', 'human', 'gpt']), value: z.string() }).strict()).min(2),
    system: z.string().optional(),
  })
  .refine((r) => r.conversations[r.conversations.length - 1]!.from === 'gpt', 'the last turn must be from gpt');

export const standardPreferenceSchema = z.object({
  prompt: z.string().min(1),
  chosen: z.string().min(1),
  rejected: z.string().min(1),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

export const conversationalPreferenceSchema = z.object({
  prompt: z.array(trlMessageSchema).min(1),
  chosen: z.array(trlMessageSchema.extend({ role: z.literal('assistant') })).length(1),
  rejected: z.array(trlMessageSchema.extend({ role: z.literal('assistant') })).length(1),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

export const stepwiseSupervisionSchema = z
  .object({
    prompt: z.string().min(1),
    completions: z.array(z.string().min(1)).min(1),
    labels: z.array(z.boolean()),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((r) => r.labels.length === r.completions.length, 'one label per completion step');

export type TrlSftRecord = z.infer<typeof trlSftSchema>;
export type OpenAiSftRecord = z.infer<typeof openAiSftSchema>;
export type ShareGptRecord = z.infer<typeof shareGptSchema>;
export type StandardPreference = z.infer<typeof standardPreferenceSchema>;
export type ConversationalPreference = z.infer<typeof conversationalPreferenceSchema>;
export type StepwiseSupervision = z.infer<typeof stepwiseSupervisionSchema>;
