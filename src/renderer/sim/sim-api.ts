/**
 * The simulator panel's client for the web host's /sim/api (development
 * only). The launch token arrives in the URL fragment like the kiosk
 * screen's and is sent as a bearer token.
 */
import { SimState, type SimCommand, type SimResult } from '../../shared/sim/sim-commands';
import { takeToken } from '../bridge/web-socket-bridge';

const token = takeToken(window.location, window.sessionStorage, window.history);

export const hasToken = token !== null;

export async function fetchState(): Promise<SimState> {
  const res = await fetch('/sim/api/state', { headers: { Authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`state: HTTP ${res.status}`);
  return SimState.parse(await res.json());
}

export async function send(command: SimCommand): Promise<SimResult> {
  const res = await fetch('/sim/api/command', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(command),
  });
  return (await res.json()) as SimResult;
}
