/**
 * What the task contributes while the model decodes (tool-integrated reasoning): after
 * each model-written token it may append text of its own (an operation's exact result)
 * and/or end the generation. The appended text is fed to the model, never sampled.
 */
export interface DecodingTool {
  /** `text`: everything generated after the prompt so far (model and tool text). */
  afterToken(text: string): { append?: string; done?: boolean } | null;
  /**
   * Constrained decoding: the strings the model may write next (each must be one token
   * to take effect; when any is not, that position is left unconstrained), or null for
   * no constraint. The model still chooses among them.
   */
  allowed?(text: string): readonly string[] | null;
  /**
   * Additive logit biases for the next token (string → bias, each string one token), like
   * an API's logit_bias: e.g. a decision threshold other than the most likely choice.
   */
  bias?(text: string): Readonly<Record<string, number>> | null;
  /**
   * Context folding: the text (after the prompt) that stands for everything generated so
   * far with the finished parts summarised, for a model whose context is about to fill; null
   * when `text` does not end where the tool can fold (mid-line). The tool keeps its own state:
   * only what the model reads changes.
   */
  folded?(text: string): string | null;
}
