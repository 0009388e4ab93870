import type { Command } from 'commander';
import { pathToFileURL } from 'node:url';
import { InputError } from '../../core/errors.js';
import type { CliIo } from '../cli-io.js';
import { LINEARIZE_FORMATS } from '../../linearize/types.js';
import { numberOption, oneOf, RANGES } from '../parse-options.js';
import { waitForShutdown } from '../wait-for-shutdown.js';

interface ViewOptions {
  out?: string;
  port?: number;
  format: string;
  problem?: string;
  open?: boolean;
}

/** `metacot view RUN|TREE.json`: the search-tree viewer, served on loopback or written as one HTML file. */
export function register(program: Command, io: CliIo): void {
  program
    .command('view')
    .description('Show search trees in the browser: a run folder\'s problems, or one tree file (served on 127.0.0.1, or written as a self-contained HTML file with --out)')
    .argument('<path>', 'a run folder (from metacot eval) or a tree .json file')
    .option('-o, --out <file>', 'write a self-contained HTML file instead of serving')
    .addOption(numberOption('-p, --port <n>', 'port on 127.0.0.1 (default or 0: any free port)', RANGES.port))
    .option('--format <name>', `linearization shown first beside the tree (${LINEARIZE_FORMATS.join(', ')}); the page offers the others`, oneOf('--format', LINEARIZE_FORMATS), 'meta-cot')
    .option('--problem <id>', 'open this problem first (with --out: embed only this problem)')
    .option('--open', 'also open the page in the default browser')
    .action(async (path: string, options: ViewOptions) => {
      const { openViewerSource, loadViewerAssets, writeViewerHtml, serveViewer, openInBrowser } = await import('../../viewer/index.js');
      if (options.out) (await import('../output-folder.js')).ensureOutputFile(options.out, '--out');
      const source = await openViewerSource(path, { format: options.format });
      let problem: number | undefined;
      if (options.problem !== undefined) {
        const found = source.index.problems.find((p) => p.id === options.problem);
        if (!found) {
          const ids = source.index.problems.slice(0, 5).map((p) => p.id).join(', ');
          throw new InputError(`--problem '${options.problem}' is not in ${path}; its problems include: ${ids}`);
        }
        problem = found.index;
      }
      const assets = await loadViewerAssets();
      if (options.out) {
        const written = await writeViewerHtml(source, assets, options.out, problem === undefined ? {} : { problems: [problem] });
        io.stdout(`wrote ${options.out} (${written.embedded} problem${written.embedded === 1 ? '' : 's'}, ${(written.bytes / 1024).toFixed(0)} KiB); open it in a browser, no server needed\n`);
        for (const line of written.skipped) io.stderr(`skipped ${line}\n`);
        if (options.open) openInBrowser(pathToFileURL(options.out).href, (m) => io.stderr(`metacot: ${m}\n`));
        return;
      }
      const server = await serveViewer(source, assets, options.port === undefined ? {} : { port: options.port });
      const url = `${server.url}${problem === undefined ? '' : `#problem=${problem}`}`;
      io.stdout(`metacot view: ${url}  (Ctrl-C to stop)\n`);
      if (options.open) openInBrowser(url, (m) => io.stderr(`metacot: ${m}\n`));
      await waitForShutdown();
      await server.close();
    });
}
