import type { BudgetTracker } from '../core/budget.js';
import { budgetedCall } from '../core/model-call-tokens.js';
import type { GenerateRequest, GenerateResult, LanguageModel } from './language-model.js';

/**
 * `model.generate(request)` asking for no more output tokens than `budget` has left:
 * `request.maxTokens` (per choice) and `n` are lowered to fit what is left, claimed for
 * the duration of the call so that concurrent calls share it. Resolves null, without a
 * call, when nothing is left. The caller still charges the result's tokens as before.
 */
export async function generateWithinBudget(
  model: LanguageModel,
  request: GenerateRequest & { maxTokens: number },
  budget: BudgetTracker,
  signal?: AbortSignal,
): Promise<GenerateResult | null> {
  const call = budgetedCall(budget, request.maxTokens, request.n ?? 1);
  if (!call) return null;
  let result: GenerateResult;
  try {
    result = await model.generate({ ...request, maxTokens: call.maxTokens, ...(request.n !== undefined || call.n !== 1 ? { n: call.n } : {}) }, signal);
  } catch (error) {
    call.settle(0);
    throw error;
  }
  call.settle(result.usage.tokensOut);
  return result;
}
