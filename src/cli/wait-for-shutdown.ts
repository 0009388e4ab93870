/** Resolves on the first SIGINT or SIGTERM, so a long-running command (a server) can close cleanly. */
export function waitForShutdown(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
