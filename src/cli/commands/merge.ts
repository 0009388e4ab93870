import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';

/** `metacot merge`: joins the shard folders of one run into a folder equal to the unsharded run. */
export function register(program: Command, io: CliIo): void {
  program
    .command('merge')
    .description('Join shard folders (metacot eval --shard i/n, or --shards N in a job array) into one run folder that equals the unsharded run')
    .argument('<shards...>', 'the shard folders, one per shard, or the --out folder of a --shards run (its shard-i-of-n sub-folders)')
    .requiredOption('-o, --out <dir>', 'the merged run folder (must not hold a run yet)')
    .option('--allow-partial', 'merge even when shards are missing or unfinished')
    .action(async (shards: string[], options: { out: string; allowPartial?: boolean }) => {
      const { expandShardFolders, mergeRuns } = await import('../../eval/merge-runs.js');
      const folders = await expandShardFolders(shards);
      const merged = await mergeRuns(folders, options.out, { allowPartial: options.allowPartial === true });
      const correct = merged.records.filter((r) => r.correct).length;
      io.stdout(`merged ${folders.length} shard(s) into ${options.out}: ${merged.records.length}/${merged.config.selection.count} problems, ${correct} correct\n`);
    });
}
