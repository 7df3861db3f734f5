/** The systemd watchdog feed (issue 16, lifecycle/systemd-notify.ts), on a manual clock. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { startSystemdNotifier } from '../../../src/main/lifecycle/systemd-notify';
import { ManualClock } from '../../support/manual-clock';

function notifier(env: Record<string, string>) {
  const sent: string[][] = [];
  const clock = new ManualClock();
  const n = startSystemdNotifier({ env, run: (a) => sent.push(a), timers: clock });
  return { n, sent, clock };
}

describe('the systemd notifier', () => {
  it('does nothing outside systemd (no NOTIFY_SOCKET)', () => {
    const { n, sent, clock } = notifier({ WATCHDOG_USEC: '30000000' });
    n.ready('in service');
    clock.advance(60_000);
    expect(n.active).toBe(false);
    expect(sent).toEqual([]);
  });

  it('says ready with a status line and feeds the watchdog at half its interval', () => {
    const { n, sent, clock } = notifier({ NOTIFY_SOCKET: '/run/systemd/notify', WATCHDOG_USEC: '30000000' });
    n.ready('in service\nKIOSK-01');
    expect(sent).toEqual([['READY=1', 'STATUS=in service KIOSK-01']]);
    clock.advance(14_999);
    expect(sent).toHaveLength(1);
    clock.advance(1);
    expect(sent.at(-1)).toEqual(['WATCHDOG=1']);
    clock.advance(15_000);
    expect(sent.filter((a) => a[0] === 'WATCHDOG=1')).toHaveLength(2);
  });

  it('stops feeding after an uncaught error, so systemd restarts the kiosk', () => {
    const { n, sent, clock } = notifier({ NOTIFY_SOCKET: '/run/systemd/notify', WATCHDOG_USEC: '10000000' });
    clock.advance(5_000);
    n.stopFeeding();
    clock.advance(60_000);
    expect(sent.filter((a) => a[0] === 'WATCHDOG=1')).toHaveLength(1);
  });

  it('feeds nothing without a watchdog interval', () => {
    const { sent, clock } = notifier({ NOTIFY_SOCKET: '/run/systemd/notify' });
    clock.advance(60_000);
    expect(sent).toEqual([]);
  });

  it.runIf(process.platform === 'linux')('uses the systemd-notify this machine has, which waits for PID 1 unless --no-block', () => {
    let help = '';
    try {
      help = execFileSync('systemd-notify', ['--help'], { encoding: 'utf8' });
    } catch {
      return; // No systemd here: nothing to check against.
    }
    expect(help).toContain('--no-block');
  });
});
