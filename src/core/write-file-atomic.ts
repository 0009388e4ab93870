import { open, rename, unlink } from 'node:fs/promises';

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
