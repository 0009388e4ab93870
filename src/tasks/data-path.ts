import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Finds a file shipped under the package's `data/` folder. The module runs from `src/`
 * (tsx, tests) or from `dist/` (the built package), so look upward from this file rather
 * than assume a depth.
 */
export function packageDataPath(relative: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 6; up++) {
    const candidate = join(dir, 'data', relative);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', relative);
}
