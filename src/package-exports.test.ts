import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The package as users get it: the built `dist/` (npm test builds it first), its subpath
 * exports, and the README's Library snippets, each run by Node from the package root as
 * written (imports of `metacot/...` resolve through package.json `exports`).
 */
const root = join(import.meta.dirname, '..');

function node(code: string): { status: number | null; stdout: string; stderr: string } {
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

function librarySnippets(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Library'), readme.indexOf('\n## ', readme.indexOf('\n## Library') + 1));
  return [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe('the built package', () => {
  it('holds no test code or test support in dist', () => {
    expect(existsSync(join(root, 'dist/index.js'))).toBe(true);
    const shipped = files(join(root, 'dist')).map((f) => relative(root, f));
    expect(shipped.filter((f) => /test-support|\.test\.|\.case\./.test(f))).toEqual([]);
  });

  it('maps every subpath export to a built module', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, { types: string; default: string } | string> };
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') continue;
      expect(existsSync(join(root, target.default)), subpath).toBe(true);
      expect(existsSync(join(root, target.types)), subpath).toBe(true);
    }
  });

  it('keeps hono, openai and zod off the root and metacot/search', () => {
    const hooks = 'export async function resolve(s, c, n) { const r = await n(s, c); const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(r.url); if (m) process.stdout.write("pkg " + m[1] + "\\n"); return r; }';
    for (const entry of ['metacot', 'metacot/search']) {
      const out = node(`import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)})); await import('${entry}');`);
      expect(out.status, out.stderr).toBe(0);
      const loaded = new Set(out.stdout.split('\n').filter((l) => l.startsWith('pkg ')).map((l) => l.slice(4)));
      expect([...loaded].filter((p) => ['hono', 'openai', 'zod', '@hono/node-server'].includes(p)), entry).toEqual([]);
    }
    // The check can fail: metacot/server does load hono.
    const server = node(`import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)})); await import('metacot/server');`);
    expect(server.stdout).toContain('pkg hono');
  });

  it('runs every Library snippet of the README against dist', () => {
    const snippets = librarySnippets();
    expect(snippets.length).toBeGreaterThanOrEqual(7);
    const outputs = snippets.map((code) => {
      const out = node(code);
      expect(out.status, `${code}\n${out.stderr}`).toBe(0);
      return out.stdout;
    });
    const byImport = (name: string) => outputs[snippets.findIndex((s) => s.includes(`from '${name}'`))]!;
    expect(byImport('metacot')).toMatch(/^\S.* true solved\n/);
    expect(byImport('metacot/grader')).toBe('true true false\n');
    expect(byImport('metacot/solve')).toMatch(/^verified /);
    expect(byImport('metacot/embedded')).toMatch(/^\S.* true true\n$/);
    expect(byImport('metacot/eval')).toBe('0.30\nexample.json\n');
    expect(byImport('metacot/server')).toBe('true\n');
  }, 300_000);
});
