import { InputError } from '../core/errors.js';

/**
 * How a finished solution states its answer. `boxed`: the last `\boxed{…}` (braces
 * balanced, as MATH and Qwen-style prompts use); `prefix:TEXT`: the rest of the last line
 * starting with TEXT (e.g. `prefix:Answer:`, `prefix:####` for GSM8K).
 */
export type AnswerMarker = 'boxed' | `prefix:${string}`;

export function parseAnswerMarker(spec: string): AnswerMarker {
  if (spec === 'boxed') return 'boxed';
  if (spec.startsWith('prefix:') && spec.length > 'prefix:'.length) return spec as AnswerMarker;
  throw new InputError(`answer marker "${spec}" is not "boxed" or "prefix:TEXT" (e.g. prefix:Answer:)`);
}

/** The answer `text` states under `marker`, or null when it states none. */
export function extractMarkedAnswer(text: string, marker: AnswerMarker): string | null {
  if (marker === 'boxed') return lastBoxed(text);
  const prefix = marker.slice('prefix:'.length);
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const at = lines[i]!.indexOf(prefix);
    if (at >= 0) {
      const answer = lines[i]!.slice(at + prefix.length).trim();
      return answer.length > 0 ? answer : null;
    }
  }
  return null;
}

/** The content of the last `\boxed{...}` (or `\fbox{...}`), with nested braces. */
export function lastBoxed(text: string): string | null {
  const at = Math.max(text.lastIndexOf('\\boxed{'), text.lastIndexOf('\\fbox{'));
  if (at < 0) return null;
  const open = text.indexOf('{', at);
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open + 1, i).trim();
  }
  return null;
}
