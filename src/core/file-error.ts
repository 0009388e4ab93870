import { InputError } from './errors.js';

/** What an errno code means for the path it names, in words a person reads. */
const PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder, where a file is needed',
  EEXIST: 'already exists (and is in the way)',
  ENOTEMPTY: 'is a folder that is not empty',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'is on a read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  EBUSY: 'is busy',
  EXDEV: 'cannot be moved across file systems',
  EINVAL: 'is not a valid path here',
};

/** An error from `node:fs` (or anything else carrying an errno code and a path). */
export function isFileSystemError(error: unknown): error is NodeJS.ErrnoException & { code: string; path: string } {
  return hasErrno(error) && typeof error.path === 'string';
}

function hasErrno(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  const e = error as NodeJS.ErrnoException | null;
  return e instanceof Error && typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code);
}

/**
 * One line for a file-system error: the path, then what is wrong with it
 * (`runs/x/trees: a part of the path is a file, not a folder`). `what` names the flag or
 * the role of the path (`--out`), when the caller knows it.
 */
export function describeFileError(error: NodeJS.ErrnoException & { code: string; path: string }, what?: string): string {
  const problem = PROBLEMS[error.code] ?? `${error.syscall ? `${error.syscall} failed` : 'failed'} (${error.code})`;
  const dest = (error as { dest?: unknown }).dest;
  const path = typeof dest === 'string' ? `${error.path} -> ${dest}` : error.path;
  return `${what ? `${what} ` : ''}${path}: ${problem}`;
}

/**
 * `error` as an InputError naming its path and problem when it is a file-system error;
 * `error` itself otherwise. `path` names the file for errors that carry none (reading a
 * folder as a file fails with EISDIR and no path).
 */
export function asFileInputError(error: unknown, what?: string, path?: string): unknown {
  if (!hasErrno(error)) return error;
  const named = typeof error.path === 'string' ? error.path : path;
  if (named === undefined) return error;
  return new InputError(describeFileError(Object.assign(error, { path: named }), what), { cause: error });
}
