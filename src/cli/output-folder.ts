import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from '../core/errors.js';
import { asFileInputError } from '../core/file-error.js';

/**
 * Makes sure `path` is a folder this process can write in (creating it and its parents),
 * before a command spends any work: a file in the way, a read-only folder or a missing
 * permission is one line naming `flag`, the path and the problem.
 */
export function ensureOutputFolder(path: string, flag: string, named = path): void {
  const where = named === path ? `${flag} ${path}` : `${flag} ${named}: ${path}`;
  let isFolder: boolean | null = null;
  try {
    isFolder = statSync(path).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw asFileInputError(error, flag);
  }
  if (isFolder === false) throw new InputError(`${where}: is a file, where a folder is needed`);
  try {
    if (isFolder === null) mkdirSync(path, { recursive: true });
    accessSync(path, constants.W_OK);
  } catch (error) {
    throw asFileInputError(error, flag);
  }
}

/** `ensureOutputFolder` for the folder an output file goes in, and no folder where the file must be. */
export function ensureOutputFile(path: string, flag: string): void {
  ensureOutputFolder(dirname(path), flag, path);
  try {
    if (statSync(path).isDirectory()) throw new InputError(`${flag} ${path}: is a folder, where a file is needed`);
  } catch (error) {
    if (error instanceof InputError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw asFileInputError(error, flag);
  }
}
