/**
 * The web page's last resort (issue 16, "a renderer crash ... is journaled
 * and the window reloaded"): an exception that escaped every handler
 * (window `error` with an Error attached) leaves the screen in a state no
 * code chose. The page tells the host (which journals `app.rendererFailed`,
 * page-health.ts) and reloads; the core kept the session, so the reloaded
 * page shows the same view, as Electron's reload does (wire-window.ts).
 *
 * An `error` event without an Error object is not fatal: browsers send
 * those for a resource that failed to load, a cross-origin "Script error."
 * and the benign "ResizeObserver loop" notice.
 */
/** The report reaches the socket before the reload tears it down (a send is queued at once; this is slack). */
const RELOAD_AFTER_MS = 100;

export function watchForFatalErrors(
  target: Pick<Window, 'addEventListener' | 'setTimeout'>,
  report: () => void,
  reload: () => void,
): void {
  let reloading = false;
  target.addEventListener('error', (event) => {
    if (reloading || !((event as Partial<ErrorEvent>).error instanceof Error)) return;
    reloading = true;
    report();
    target.setTimeout(reload, RELOAD_AFTER_MS);
  });
}
