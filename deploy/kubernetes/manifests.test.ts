import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { buildProgram } from '../../src/cli/main.js';

// The manifests are checked twice against the Kubernetes API as the npm package
// kubernetes-models publishes it (generated from Kubernetes' OpenAPI spec): its
// validators (types, formats, enums, required fields) and its TypeScript types, through
// the compiler, which rejects any field the API does not have (a misspelt key passes
// a JSON-schema check of the OpenAPI spec, which allows unknown fields).

const DIR = dirname(fileURLToPath(import.meta.url));
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();

type Manifest = { apiVersion: string; kind: string; metadata: { name: string }; spec: Record<string, unknown> };

function load(file: string): Manifest {
  const docs = parseAllDocuments(readFileSync(join(DIR, file), 'utf8'));
  if (!Array.isArray(docs) || docs.length !== 1) throw new Error(`${file}: expected one YAML document`);
  const doc = docs[0]!;
  if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]!.message}`);
  return doc.toJS() as Manifest;
}

const TYPES: Record<string, { type: string; from: string; validate: (m: Manifest) => void }> = {
  'batch/v1 Job': { type: 'IJob', from: 'kubernetes-models/batch/v1/Job', validate: (m) => new Job(m as never).validate() },
  'v1 PersistentVolumeClaim': { type: 'IPersistentVolumeClaim', from: 'kubernetes-models/v1/PersistentVolumeClaim', validate: (m) => new PersistentVolumeClaim(m as never).validate() },
};

/** Type-checks `const m: IType = <manifest>` with the compiler: excess (unknown) properties are errors. */
function typeErrors(manifests: Array<{ file: string; manifest: Manifest }>): string[] {
  const path = join(DIR, '__manifests__.ts');
  const lines: string[] = [];
  manifests.forEach(({ manifest }, i) => {
    const t = TYPES[`${manifest.apiVersion} ${manifest.kind}`]!;
    lines.push(`import type { ${t.type} as T${i} } from '${t.from}';`, `export const m${i}: T${i} = ${JSON.stringify(manifest)};`);
  });
  const source = lines.join('\n');
  const options: ts.CompilerOptions = { strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, skipLibCheck: true, types: [] };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) => (name === path ? ts.createSourceFile(name, source, version) : getSourceFile(name, version, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === path || fileExists(name);
  const program = ts.createProgram([path], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
}

describe('deploy/kubernetes manifests', () => {
  const manifests = FILES.map((file) => ({ file, manifest: load(file) }));

  it('are the eval, generate and merge jobs and their volume', () => {
    expect(FILES).toEqual(['eval-job.yaml', 'generate-job.yaml', 'merge-job.yaml', 'runs-volume.yaml']);
  });

  it("pass Kubernetes' schema and types, and a misspelt or mistyped field fails", () => {
    for (const { file, manifest } of manifests) {
      const t = TYPES[`${manifest.apiVersion} ${manifest.kind}`];
      expect(t, `${file}: ${manifest.apiVersion} ${manifest.kind}`).toBeDefined();
      expect(() => t!.validate(manifest), file).not.toThrow();
    }
    expect(typeErrors(manifests)).toEqual([]);

    const job = manifests.find((m) => m.file === 'eval-job.yaml')!.manifest;
    const typo = structuredClone(job);
    (typo.spec as Record<string, unknown>).backoffLimitPerIdex = 3;
    expect(typeErrors([{ file: 'typo', manifest: typo }]).join('\n')).toMatch(/backoffLimitPerIdex/);
    const wrong = structuredClone(job);
    wrong.spec.completions = 'eight';
    expect(() => new Job(wrong as never).validate()).toThrow(/completions must be integer/);
  }, 60_000);

  it('are Indexed Jobs with per-index retries, resource requests, and --shards equal to completions', () => {
    const program = buildProgram({ stdout: () => {}, stderr: () => {}, isTTY: false });
    for (const { file, manifest } of manifests.filter((m) => m.manifest.kind === 'Job')) {
      const spec = manifest.spec as { completionMode: string; completions: number; backoffLimitPerIndex: number; template: { spec: { restartPolicy: string; containers: Array<{ args: string[]; command?: string[]; resources: { requests: Record<string, string> } }> } } };
      expect(spec.completionMode, file).toBe('Indexed');
      expect(spec.backoffLimitPerIndex, file).toBeGreaterThan(0);
      expect(spec.template.spec.restartPolicy, file).toBe('Never');
      for (const container of spec.template.spec.containers) {
        expect(Object.keys(container.resources.requests).sort(), file).toEqual(['cpu', 'memory']);
        if (container.command) continue; // the merge job's shell line
        const [name, ...args] = container.args;
        const command = program.commands.find((c) => c.name() === name)!;
        // Every flag exists on the real command.
        expect(command.parseOptions(args).unknown, file).toEqual([]);
        const shards = args.find((a) => a.startsWith('--shards='));
        expect(Number(shards?.split('=')[1]), file).toBe(spec.completions);
      }
    }
  });
});
