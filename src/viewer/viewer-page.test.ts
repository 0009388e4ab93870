import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { syntheticTree } from './test-support/synthetic-tree.js';
import { scriptSafeJson, viewerCsp, viewerPage } from './viewer-page.js';
import { treeSource } from './viewer-source.js';
import { writeViewerHtml } from './write-viewer-html.js';

const assets = { js: 'window.x = 1;', css: 'body{color:red}' };

describe('viewerPage', () => {
  it('pins the inline script by hash and forbids every fetch in a file, same-origin when served', () => {
    const hash = createHash('sha256').update(assets.js).digest('base64');
    const file = viewerCsp(assets, false);
    expect(file).toContain(`script-src 'sha256-${hash}'`);
    expect(file).toContain("default-src 'none'");
    expect(file).toContain("connect-src 'none'");
    expect(viewerCsp(assets, true)).toContain("connect-src 'self'");
  });

  it('embeds data so that no step text or title can close the script element, trees compressed', async () => {
    const evil = '</script><script>alert(1)</script><!--';
    const tree = syntheticTree({ nodes: 12, seed: 3 });
    tree.nodes[3]!.step.text = evil;
    const dir = await mkdtemp(join(tmpdir(), 'metacot-page-'));
    try {
      const file = join(dir, 'page.html');
      const source = treeSource(tree, `a <b> title ${evil}`);
      const written = await writeViewerHtml(source, assets, file);
      const html = await readFile(file, 'utf8');
      expect(written.bytes).toBe(Buffer.byteLength(html));
      expect(html.match(/<\/script>/g)).toHaveLength(3); // tree 0, index, the app
      expect(html).toContain('a &#60;b&#62; title');
      const packed = /<script type="application\/octet-stream" id="metacot-tree-0" data-encoding="deflate-raw;base64">(.*?)<\/script>/s.exec(html)![1]!;
      expect(JSON.parse(inflateRawSync(Buffer.from(packed, 'base64')).toString('utf8'))).toEqual(JSON.parse(JSON.stringify(await source.payload(0))));
      const index = /<script type="application\/json" id="metacot-index">(.*?)<\/script>/s.exec(html)![1]!;
      expect(JSON.parse(index).title).toBe(`a <b> title ${evil}`);
      expect(JSON.parse(scriptSafeJson('"\u2028"'))).toBe('\u2028');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bundle that would end its own element', () => {
    expect(() => viewerPage({ js: 'a="</script>"', css: '' }, 't')).toThrow(/closing script/);
  });
});
