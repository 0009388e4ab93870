/**
 * The `--model NAME=PATH` arguments the embedded-model benchmarks take (repeatable), in
 * order; `--model NAME` alone is a shipped model of that name.
 */
export function modelArgs(args: readonly string[]): [name: string, path: string][] {
  const models: [string, string][] = [];
  args.forEach((a, i) => {
    if (a !== '--model' || args[i + 1] === undefined) return;
    const [name, path] = args[i + 1]!.split('=');
    models.push([name!, path ?? name!]);
  });
  return models;
}
