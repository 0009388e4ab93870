/** An AbortSignal that fires at the deadline (or with `outer`), so every phase stops inside its loops. */
export function deadlineSignal(timeoutMs: number | undefined, outer?: AbortSignal): { signal?: AbortSignal; expired(): boolean; dispose(): void } {
  if (timeoutMs === undefined) return { ...(outer ? { signal: outer } : {}), expired: () => outer?.aborted ?? false, dispose: () => {} };
  const controller = new AbortController();
  const onAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onAbort, { once: true });
  const deadline = Date.now() + timeoutMs;
  const timer = setTimeout(() => controller.abort(new Error('timeout')), Math.min(timeoutMs, 2 ** 31 - 1));
  return {
    signal: controller.signal,
    expired: () => controller.signal.aborted || Date.now() >= deadline,
    dispose: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}
