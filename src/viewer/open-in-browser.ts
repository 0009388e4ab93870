import { spawn as nodeSpawn } from 'node:child_process';

type Spawn = (command: string, args: string[], options: { detached: boolean; stdio: 'ignore' }) => {
  on(event: 'error', listener: (error: Error) => void): unknown;
  unref(): void;
};

/** The platform's "open this URL" command. */
export function openerFor(platform: NodeJS.Platform): { command: string; args: (url: string) => string[] } {
  if (platform === 'darwin') return { command: 'open', args: (url) => [url] };
  if (platform === 'win32') return { command: 'cmd', args: (url) => ['/c', 'start', '""', url] };
  return { command: 'xdg-open', args: (url) => [url] };
}

/**
 * Asks the desktop to open `url` in the default browser, without waiting for it. A machine
 * without a desktop (no xdg-open) is not an error: `onError` says so and the URL printed
 * before still works.
 */
export function openInBrowser(url: string, onError: (message: string) => void, spawn: Spawn = nodeSpawn, platform = process.platform): void {
  const opener = openerFor(platform);
  const child = spawn(opener.command, opener.args(url), { detached: true, stdio: 'ignore' });
  child.on('error', (error) => onError(`could not open a browser (${opener.command}: ${error.message}); open the URL yourself`));
  child.unref();
}
