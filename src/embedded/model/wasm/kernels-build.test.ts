import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileWat, MODULE_PATH, renderModuleSource, WAT_PATH } from '../../../../scripts/build-wasm-kernels.js';

describe('the committed wasm kernels', () => {
  it('are exactly a fresh compile of kernels.wat (regenerate with scripts/build-wasm-kernels.ts)', async () => {
    const bytes = await compileWat(readFileSync(WAT_PATH, 'utf8'));
    expect(readFileSync(MODULE_PATH, 'utf8')).toBe(renderModuleSource(bytes));
  });
});
