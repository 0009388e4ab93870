import { describe, expect, it } from 'vitest';
import { InputError } from './errors.js';
import { asFileInputError, describeFileError, isFileSystemError } from './file-error.js';

const errno = (code: string, path?: string, syscall = 'open') => Object.assign(new Error(`${code}: raw, ${syscall} '${path}'`), { code, syscall, ...(path ? { path } : {}) });

describe('file-system errors in words', () => {
  it.each([
    ['ENOENT', 'no such file or folder'],
    ['ENOTDIR', 'a part of the path is a file, not a folder'],
    ['EISDIR', 'is a folder, where a file is needed'],
    ['EEXIST', 'already exists'],
    ['EACCES', 'permission denied'],
    ['EROFS', 'is on a read-only file system'],
    ['ENOSPC', 'no space left on the device'],
  ])('%s names the path and the problem on one line', (code, problem) => {
    const error = errno(code, 'runs/x/trees');
    expect(isFileSystemError(error)).toBe(true);
    const line = describeFileError(error as never, '--out');
    expect(line).toBe(`--out runs/x/trees: ${problem}${code === 'EEXIST' ? ' (and is in the way)' : ''}`);
    expect(line).not.toMatch(new RegExp(code));
  });

  it('an unknown code still names the path, the call and the code', () => {
    expect(describeFileError(errno('EWEIRD', 'a/b', 'rename') as never)).toBe('a/b: rename failed (EWEIRD)');
  });

  it('fills in the path of an error that carries none, and leaves other errors alone', () => {
    const wrapped = asFileInputError(errno('EISDIR', undefined, 'read'), '--file', 'pairs');
    expect(wrapped).toBeInstanceOf(InputError);
    expect((wrapped as Error).message).toBe('--file pairs: is a folder, where a file is needed');
    const plain = new Error('boom');
    expect(asFileInputError(plain, '--file', 'x')).toBe(plain);
    expect(isFileSystemError(plain)).toBe(false);
  });
});
