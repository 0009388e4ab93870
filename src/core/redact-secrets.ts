/**
 * Removes credentials from text that came from elsewhere (an upstream's error message,
 * which may echo the request's headers) before it reaches a client, a log or stderr:
 * the given secrets wherever they appear, anything after `Bearer`/`Basic`, and strings
 * shaped like API keys (`sk-...`, `key-...`, long hex or base64 runs after `key`/`token`).
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    // Short strings would redact ordinary words; real keys are longer.
    if (secret && secret.length >= 8) out = out.split(secret).join('[redacted]');
  }
  return out
    .replace(/\b(Bearer|Basic)\s+[^\s"',;}]+/gi, '$1 [redacted]')
    .replace(/\b(sk|pk|rk|key|hf|gsk|xai)[-_][A-Za-z0-9_-]{12,}/g, '[redacted]')
    .replace(/((?:api[-_]?key|token|secret|password|authorization)["']?\s*[:=]\s*["']?)[^\s"',;}]{6,}/gi, '$1[redacted]');
}
