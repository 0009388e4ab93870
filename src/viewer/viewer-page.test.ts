import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scriptSafeJson, viewerCsp, viewerPage } from './viewer-page.js';

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

  it('embeds data so that no step text can close the script element', () => {
    const evil = JSON.stringify({ text: '</script><script>alert(1)</script><!--' });
    const html = viewerPage(assets, 'a <b> title', { index: { title: 't', problems: [] }, trees: new Map([[0, evil]]) });
    expect(html.match(/<\/script>/g)).toHaveLength(3); // index, tree 0, the app
    expect(html).toContain('a &#60;b&#62; title');
    const embedded = /<script type="application\/json" id="metacot-tree-0">(.*?)<\/script>/s.exec(html)![1]!;
    expect(JSON.parse(embedded)).toEqual(JSON.parse(evil));
    expect(JSON.parse(scriptSafeJson('"\u2028"'))).toBe('\u2028');
  });

  it('refuses a bundle that would end its own element', () => {
    expect(() => viewerPage({ js: 'a="</script>"', css: '' }, 't')).toThrow(/closing script/);
  });
});
