/**
 * The renderer's Content-Security-Policy, the same for both shells: only our
 * own scripts and styles, no eval, no inline script, no plugins, no frames,
 * no navigation targets. `connectTo` adds the web host's WebSocket origin
 * (Electron uses IPC and connects nowhere).
 * Electron security checklist item 7 ("Define a Content Security Policy").
 */
export function contentSecurityPolicy(connectTo: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${connectTo.map((o) => ` ${o}`).join('')}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** Headers sent with every renderer file, in both shells. */
export function securityHeaders(connectTo: readonly string[] = []): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(connectTo),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}
