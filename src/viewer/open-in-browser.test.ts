import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { openInBrowser } from './open-in-browser.js';

describe('openInBrowser', () => {
  it('runs the platform opener detached and reports a missing one without throwing', () => {
    const calls: unknown[][] = [];
    const child = Object.assign(new EventEmitter(), { unref: () => calls.push(['unref']) });
    const messages: string[] = [];
    openInBrowser('http://127.0.0.1:5/', (m) => messages.push(m), (command, args, options) => {
      calls.push([command, args, options]);
      return child;
    }, 'linux');
    expect(calls).toEqual([['xdg-open', ['http://127.0.0.1:5/'], { detached: true, stdio: 'ignore' }], ['unref']]);
    child.emit('error', new Error('spawn xdg-open ENOENT'));
    expect(messages).toEqual(['could not open a browser (xdg-open: spawn xdg-open ENOENT); open the URL yourself']);
  });
});
