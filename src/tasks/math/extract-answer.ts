
/** How an answer was found in a model's output. */
export type ExtractionMethod =
  | 'boxed' | 'final-answer' | 'answer-is' | 'gsm8k' | 'choice' | 'last-math' | 'last-number' | 'whole' | 'none';

export interface ExtractedAnswer {
  /** The answer text, or null: "no answer found" is a result, not an error. */
  answer: string | null;
  method: ExtractionMethod;
}

const MAX_SCAN = 200_000;

/**
 * Finds the final answer in a model's output: the last `\boxed{}`/`\fbox{}` (boxes
 * joined by "and"/commas become one list), "Final Answer: …", "The answer is …",
 * GSM8K's `#### n`, a trailing choice letter, else the last math segment or number.
 */
export function extractAnswer(text: string): ExtractedAnswer {
  let t = text.length > MAX_SCAN ? text.slice(-MAX_SCAN) : text;
  const chatTail = t.search(/<\|im_(?:start|end)\|>|<\|eot_id\|>|<\/s>/);
  if (chatTail >= 0) t = t.slice(0, chatTail);
  t = t.replace(/\\\\(?=(?:boxed|fbox)\b)/g, '\\');
  // Markdown emphasis around "**Final Answer:**" or the answer itself.
  t = t.replace(/\*\*|__/g, '');

  const boxes = findBoxes(t);
  const finals = [...t.matchAll(/final answer\s*(?:is)?\s*[:：]?\s*(?:the final answer is\s*)?([\s\S]+?)(?:\.?\s*I hope it is correct|\n\n|$)/gi)];
  const final = finals.pop();
  const lastBoxEnd = boxes.length > 0 ? boxes[boxes.length - 1]!.end : -1;
  // A box counts unless a "Final Answer" statement comes after it (boxes of intermediate results).
  if (boxes.length > 0 && !(final && final.index > lastBoxEnd && /\d|\$/.test(final[1]!))) {
    return { answer: joinedBoxes(t, boxes), method: 'boxed' };
  }
  if (final && final[1]!.trim()) return { answer: cleanTail(statedValue(final[1]!)), method: 'final-answer' };

  const hashes = [...t.matchAll(/####\s*([^\n]+)/g)].pop();
  if (hashes) return { answer: cleanTail(hashes[1]!), method: 'gsm8k' };

  const answerIs = [...t.matchAll(/(?:the\s+)?(?:final\s+)?answer\s+(?:is|should be|would be)\s*[:：]?\s*([\s\S]+?)(?:\.(?:\s|$)|\n|$)/gi)].pop();
  if (answerIs && answerIs[1]!.trim()) return { answer: cleanTail(statedValue(answerIs[1]!)), method: 'answer-is' };

  const labelled = [...t.matchAll(/(?:^|\n)\s*(?:answer|ans\.?)\s*[:：]\s*([^\n]+)/gi)].pop();
  if (labelled && labelled[1]!.trim()) return { answer: cleanTail(statedValue(labelled[1]!)), method: 'answer-is' };

  const choice = /(?:^|[\s:])(?:\\textbf\{)?\(([A-E])\)\}?[.\s]*$/.exec(t);
  if (choice) return { answer: choice[1]!, method: 'choice' };

  const trimmed = t.trim();
  if (trimmed.length > 0 && trimmed.length <= 120 && !isProse(trimmed)) {
    // Only spaces and newlines collapse: a stray \f or \t may be an unescaped `\frac`/`\text`.
    return { answer: cleanTail(trimmed.replace(/\$+|\\[()[\]]/g, ' ').replace(/[ \n\r]+/g, ' ')), method: 'whole' };
  }
  return lastStated(t);
}

/** Prose has words of three or more letters outside math (other than "and"/"or"). */
function isProse(t: string): boolean {
  const outside = t.replace(/\\(?:text|textbf|mathrm|mbox)\s*\{[^{}]*\}/g, ' ').replace(/(?<=[\d)}])(?:or|and)(?=[A-Z(\\\d-])/g, ' ').replace(/\$\$[\s\S]*?\$\$|\$[^$]*\$|\\\([\s\S]*?\\\)|\\\[[\s\S]*?\\\]|\\[a-zA-Z]+/g, ' ');
  return outside.split(/[^A-Za-z]+/).some((w) => w.length >= 3 && !/^(?:and|or)$/i.test(w));
}

/** The last sentence that states something: its last math segment, else its last number. */
function lastStated(t: string): ExtractedAnswer {
  const body = t.replace(/\s*I hope it is correct\.?\s*$/i, '');
  const sentences = body.split(/(?<=[.!?])\s+(?=[A-Z\\$])|\n+/);
  for (let i = sentences.length - 1; i >= 0; i--) {
    const sentence = sentences[i]!;
    // Whichever comes last: a math segment, or a plain number written after it.
    const mathEnd = lastMathEnd(sentence);
    const number = lastNumber(sentence.slice(mathEnd));
    if (number !== null) return { answer: number, method: 'last-number' };
    const math = lastMath(sentence);
    if (math !== null) return { answer: math, method: 'last-math' };
  }
  return { answer: null, method: 'none' };
}

function lastMathEnd(s: string): number {
  let end = 0;
  for (const m of s.matchAll(MATH_SEGMENT)) end = m.index + m[0].length;
  return end;
}

function lastNumber(s: string): string | null {
  const numbers = [...s.matchAll(/(?<![A-Za-z\d.])-?\d[\d,]*(?:\.\d+)?(?:\s*\/\s*\d+)?%?|-?\.\d+/g)];
  const last = numbers.pop();
  return last ? last[0].replace(/,(?=\d{3}(?!\d))/g, '').replace(/,$/, '') : null;
}

/** "The volume of $ABCD$ is 120" → 120; "$x = 3$" → x = 3; plain answers unchanged. */
function statedValue(s: string): string {
  const text = s.trim();
  if (!isProse(text)) return mathOrText(text);
  const is = /^[\s\S]*\b(?:is|are|equals|be)\s+([\s\S]+)$/i.exec(text.replace(/\$[^$]*\$/g, (m) => m.replace(/\bis\b/g, 'IS_')));
  if (is) {
    const tail = is[1]!.replace(/IS_/g, 'is');
    if (!isProse(tail)) return mathOrText(tail);
    const math = lastMath(tail);
    if (math !== null) return math;
  }
  const math = lastMath(text);
  if (math !== null) return math;
  return lastNumber(text) ?? text;
}

interface Box {
  start: number;
  end: number;
  inner: string;
}

function findBoxes(t: string): Box[] {
  const boxes: Box[] = [];
  const re = /\\(?:boxed|fbox)\s*(\{)?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t))) {
    if (m[1]) {
      const open = m.index + m[0].length - 1;
      const close = matchingBrace(t, open);
      if (close < 0) {
        boxes.push({ start: m.index, end: t.length, inner: t.slice(open + 1) });
        break;
      }
      boxes.push({ start: m.index, end: close + 1, inner: t.slice(open + 1, close) });
      re.lastIndex = close + 1;
    } else {
      const word = /^\s*([^\s$]+)/.exec(t.slice(m.index + m[0].length));
      if (word) boxes.push({ start: m.index, end: m.index + m[0].length + word[0].length, inner: word[1]! });
    }
  }
  return boxes;
}

/** The last box, joined with the boxes just before it when only "and", "or" or symbols separate them. */
function joinedBoxes(t: string, boxes: readonly Box[]): string {
  const picked = [boxes[boxes.length - 1]!];
  for (let i = boxes.length - 2; i >= 0; i--) {
    const between = t.slice(boxes[i]!.end, picked[0]!.start);
    if (!joinsBoxes(between)) break;
    picked.unshift(boxes[i]!);
  }
  return picked.map((b) => trimSpaces(b.inner)).join(', ');
}

function joinsBoxes(between: string): boolean {
  if (between.length > 60) return false;
  const plain = between.replace(/\\(?:text|textbf|mathrm)\s*\{([^{}]*)\}/g, ' $1 ').replace(/\\(?:quad|qquad|[,;:! ])|[$()[\]\\]/g, ' ').trim();
  if (!/[A-Za-z]/.test(plain)) return true;
  return /(?:^|\s)(?:and|or)(?:\s|$)/i.test(plain) && plain.split(/\s+/).length <= 6;
}

const MATH_SEGMENT = /\$\$([\s\S]+?)\$\$|\\\[([\s\S]+?)\\\]|\\\(([\s\S]+?)\\\)|\$((?:\\\$|[^$])+?)\$/g;

/** The last `$…$`, `$$…$$`, `\(…\)` or `\[…\]` segment. */
function lastMath(t: string): string | null {
  const segments = [...t.matchAll(MATH_SEGMENT)];
  const last = segments.pop();
  if (!last) return null;
  const body = trimSpaces(last[1] ?? last[2] ?? last[3] ?? last[4] ?? '');
  return body === '' ? null : body;
}

/** Inside "final answer is $x$ ..." take the math; else the words. */
function mathOrText(s: string): string {
  const math = lastMath(s);
  if (math !== null && s.replace(/\$[^$]*\$/g, '').trim().length < 40) {
    const segments = [...s.matchAll(/\$([^$]+)\$|\\\(([\s\S]+?)\\\)/g)].map((m) => (m[1] ?? m[2] ?? '').trim());
    return segments.length > 1 && /\b(?:and|or)\b|,/.test(s.replace(/\$[^$]*\$/g, '')) ? segments.join(', ') : math;
  }
  return s;
}

function cleanTail(s: string): string {
  return trimSpaces(trimSpaces(s).replace(/^[: \n\r]+/, '').replace(/[ \n\r.]+$/, ''));
}

/** Trims spaces and newlines only: a leading \f or \t may be the lost backslash of `\frac`/`\text`. */
function trimSpaces(s: string): string {
  return s.replace(/^[ \n\r]+|[ \n\r]+$/g, '');
}

/** Index of the `}` matching the `{` at `open`, or -1 (a backslash escapes the next character). */
export function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const ch = s[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i;
  }
  return -1;
}
