import { InputError } from '../../core/errors.js';
import { DEFAULT_META_COT_PHRASES, type MetaCotPhrases } from '../../linearize/meta-cot.js';

/**
 * Reads `--phrase key=text` flags into meta-cot phrasings (`textDeadEnd=Wait, that is
 * wrong.`, `switchBranch=Alternatively,`). Null when none was given; an unknown key is
 * an InputError listing the known ones.
 */
export function parsePhrases(raw: readonly string[], flag = '--phrase'): Partial<MetaCotPhrases> | null {
  if (raw.length === 0) return null;
  const out: Partial<MetaCotPhrases> = {};
  for (const item of raw) {
    const eq = item.indexOf('=');
    const key = eq > 0 ? item.slice(0, eq).trim() : '';
    if (!Object.hasOwn(DEFAULT_META_COT_PHRASES, key)) {
      throw new InputError(`${flag} '${item}' must look like key=text with key one of ${Object.keys(DEFAULT_META_COT_PHRASES).join(', ')}`);
    }
    const text = item.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    if (text === '') throw new InputError(`${flag} ${key}: the phrase must not be empty`);
    out[key as keyof MetaCotPhrases] = text;
  }
  return out;
}
