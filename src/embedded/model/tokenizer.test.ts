import { describe, expect, it } from 'vitest';
import { fitTokenizer, splitWords } from './tokenizer.js';

describe('tokenizer', () => {
  const text = 'Use 4 9 10 13 to make 24.\n13 - 9 = 4 (left: 4 4 10) value 1\nback (left: 4 9 10 13)\n';
  it('makes frequent numbers and words single tokens', () => {
    const tok = fitTokenizer([text, text], 2);
    const ids = tok.encode('13 - 9 = 4 (left: 4 4 10)');
    expect(ids.map((i) => tok.vocab[i])).toEqual(['13', ' -', ' 9', ' =', ' 4', ' (left:', ' 4', ' 4', ' 10', ')']);
  });
  it('falls back to characters and round-trips any text over its characters', () => {
    const tok = fitTokenizer([text, text], 2);
    const odd = '  31 - 113 = (left: 0)\n\nback';
    expect(tok.decode(tok.encode(odd))).toBe(odd);
    expect(splitWords(odd).join('')).toBe(odd);
  });
  it('names a character it cannot encode', () => {
    const tok = fitTokenizer([text], 1);
    expect(() => tok.encode('x = 24?')).toThrow(/character/);
  });
});
