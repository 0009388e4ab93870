import { open, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Writes a file so that readers see either the old content or the whole new one: write a
 * sibling temp file, fsync it, rename it over the target. A kill at any moment leaves at
 * worst a stray temp file, never a half-written target.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(tmp).catch(() => {});
    throw error;
  }
  await handle.close();
  await rename(tmp, path);
}

/** The temp file name `writeFileAtomic` uses: `<target>.<pid>.tmp`. */
const TEMP_FILE = /\.\d+\.tmp$/;

/**
 * Removes the temp files a killed writer left in `dir` (not in its subfolders). Only for
 * a folder this process holds the lock of: no other writer can be mid-write there.
 * Returns how many were removed.
 */
export async function removeStaleTempFiles(dir: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let removed = 0;
  for (const name of names) {
    if (!TEMP_FILE.test(name)) continue;
    await unlink(join(dir, name)).then(() => removed++, () => {});
  }
  return removed;
}
