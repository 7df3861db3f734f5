/**
 * The systemd service watchdog the kiosk feeds (issue 16; the deb's unit has
 * `Type=notify`, `WatchdogSec=` and `NotifyAccess=all`, build/linux/).
 *
 * sd_notify(3) is one datagram on the AF_UNIX socket named by NOTIFY_SOCKET.
 * Node cannot send a unix datagram (node:dgram is UDP only, node:net is
 * stream only), and the `sd-notify` npm package is a native addon against
 * libsystemd, one more thing to build for Electron. So the kiosk runs
 * systemd's own `systemd-notify` tool, which sends the same datagram and,
 * since systemd 246, waits until PID 1 has processed it, so the message is
 * not lost when the short-lived sender exits first (systemd-notify(1),
 * "--no-block"). `NotifyAccess=all` lets a process other than the main one
 * (the kiosk runs under `cage`) notify. WATCHDOG_PID is not checked for the
 * same reason.
 *
 * Fed from the main process's event loop: a main process that hangs stops
 * feeding and systemd restarts it after WatchdogSec; after an uncaught error
 * (`stopFeeding`) the out-of-service page stays up until then, and the next
 * start journals `app.crashRecovered`.
 */
import { execFile } from 'node:child_process';
import { repeatEvery, systemClock, type Timers } from '../../shared/time/clock';

export type NotifyRunner = (assignments: string[]) => void;

/** Runs `systemd-notify` with the assignments; a failure is the caller's to log, never a crash. */
export function systemdNotifyRunner(onError: (message: string) => void): NotifyRunner {
  return (assignments) => {
    execFile('systemd-notify', assignments, { timeout: 5000 }, (error) => {
      if (error) onError(error.message);
    });
  };
}

export interface SystemdNotifier {
  /** Running under systemd with a notify socket. */
  readonly active: boolean;
  /** READY=1 with a status line (`systemctl status` shows it). */
  ready(status: string): void;
  /** STATUS= only. */
  status(status: string): void;
  /** Stop feeding the watchdog (after an uncaught error): systemd restarts the kiosk after WatchdogSec. */
  stopFeeding(): void;
}

export function startSystemdNotifier(options: { env: Readonly<Record<string, string | undefined>>; run: NotifyRunner; timers?: Timers }): SystemdNotifier {
  const { env, run } = options;
  if (!env.NOTIFY_SOCKET) return { active: false, ready: () => undefined, status: () => undefined, stopFeeding: () => undefined };
  const watchdogUsec = Number(env.WATCHDOG_USEC);
  // Half the watchdog interval, as sd_watchdog_enabled(3) recommends.
  const stop = Number.isInteger(watchdogUsec) && watchdogUsec > 0
    ? repeatEvery(options.timers ?? systemClock, Math.max(500, Math.floor(watchdogUsec / 2000)), () => run(['WATCHDOG=1']))
    : () => undefined;
  const statusLine = (text: string) => `STATUS=${text.replace(/[\r\n]+/g, ' ').slice(0, 200)}`;
  return {
    active: true,
    ready: (text) => run(['READY=1', statusLine(text)]),
    status: (text) => run([statusLine(text)]),
    stopFeeding: stop,
  };
}
