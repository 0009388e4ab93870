import type { Random } from './random.js';

/** A 16-hex-digit id drawn from a seeded stream, so a seeded run names its trees the same way. */
export function randomId(random: Random): string {
  let out = '';
  for (let i = 0; i < 4; i++) out += random.int(0x10000).toString(16).padStart(4, '0');
  return out;
}
