/**
 * Screens and PIN pads come from state tags (src/main/flows/screen-tags.ts,
 * issue 12): every state the machines can rest in names exactly one screen,
 * every screen the views can draw is named by some state, and only the PIN
 * screens name a pad. A state whose tag is removed or renamed fails here
 * (and a tag the views do not know fails the type check).
 */
import { createMachine, type AnyStateMachine, type AnyStateNode } from 'xstate';
import { describe, expect, it } from 'vitest';
import { KIOSK_SCREENS } from '../../../src/main/flows/customer/context';
import { createKioskMachine } from '../../../src/main/flows/kiosk-machine';
import { OPERATOR_SCREENS } from '../../../src/main/flows/operator/operator-context';
import { createOperatorMachine } from '../../../src/main/flows/operator/operator-machine';
import { NO_OPERATOR_PORTS } from '../../../src/main/flows/operator/operator-ports';
import { DEFAULT_FLOW_TIMING } from '../../../src/main/flows/ports';
import { createVault } from '../../../src/main/flows/session-vault';
import { FakeCardReader, FakeHq, FakeIdScanner, fakeJournal, FakePrinter } from '../../support/fake-flow-ports';

const ports = { cardReader: new FakeCardReader(), idScanner: new FakeIdScanner(), printer: new FakePrinter(), journal: fakeJournal().port, vault: createVault(), timing: DEFAULT_FLOW_TIMING };
const kioskMachine = createKioskMachine({ ...ports, hq: new FakeHq(), newSessionId: () => 's', increaseDeadline: () => null, now: () => 0 });
const operatorMachine = createOperatorMachine({ ...NO_OPERATOR_PORTS, ...ports, endSession: async () => undefined });

/** Every state the machine can rest in (atomic or final), with the tags of it and its ancestors. */
function restingStates(machine: AnyStateMachine): { id: string; tags: string[] }[] {
  const out: { id: string; tags: string[] }[] = [];
  const walk = (node: AnyStateNode, inherited: string[]) => {
    const tags = [...inherited, ...node.tags];
    const children = Object.values(node.states) as AnyStateNode[];
    if (children.length === 0) out.push({ id: node.id, tags });
    for (const child of children) walk(child, tags);
  };
  walk(machine.root, []);
  return out;
}

/** What is wrong with a machine's screen tags; empty when each resting state names exactly one known screen. */
function screenTagProblems(machine: AnyStateMachine, screens: readonly string[]): string[] {
  const problems: string[] = [];
  const used = new Set<string>();
  for (const { id, tags } of restingStates(machine)) {
    const named = tags.filter((t) => t.startsWith('screen:')).map((t) => t.slice('screen:'.length));
    if (named.length !== 1) problems.push(`${id}: ${named.length} screens (${named.join(', ')})`);
    for (const screen of named) {
      used.add(screen);
      if (!screens.includes(screen)) problems.push(`${id}: unknown screen ${screen}`);
    }
  }
  for (const screen of screens) if (!used.has(screen)) problems.push(`no state shows ${screen}`);
  return problems;
}

/** Every state that names a PIN pad, as `state-id pad:name`. */
function padsOf(machine: AnyStateMachine): string[] {
  const out: string[] = [];
  const walk = (node: AnyStateNode) => {
    for (const tag of node.tags) if (tag.startsWith('pad:')) out.push(`${node.id} ${tag}`);
    for (const child of Object.values(node.states) as AnyStateNode[]) walk(child);
  };
  walk(machine.root);
  return out;
}

describe('screen tags', () => {
  it('every state of the customer machine names exactly one screen, and every screen is shown by some state', () => {
    expect(screenTagProblems(kioskMachine, KIOSK_SCREENS)).toEqual([]);
  });

  it('every state of the operator machine names exactly one screen, and every screen is shown by some state', () => {
    expect(screenTagProblems(operatorMachine, OPERATOR_SCREENS)).toEqual([]);
  });

  it('only the PIN screens collect digits, each into its own pad', () => {
    expect([...padsOf(kioskMachine), ...padsOf(operatorMachine)].sort()).toEqual([
      'kiosk.session.confirmNewPin pad:confirmPin',
      'kiosk.session.login pad:loginPin',
      'kiosk.session.newPin pad:newPin',
      'service.customerConfirmPin pad:confirmPin',
      'service.customerNewPin pad:newPin',
    ]);
  });

  it('a state that loses its screen tag is caught', () => {
    const config = kioskMachine.config as { states: Record<string, { states?: Record<string, object> }> };
    const session = config.states.session!;
    const withoutLoginTag = {
      ...config,
      states: { ...config.states, session: { ...session, states: { ...session.states, login: { ...session.states!.login, tags: ['pad:loginPin'] } } } },
    };
    const broken = createMachine(withoutLoginTag as never, kioskMachine.implementations as never) as AnyStateMachine;
    const problems = screenTagProblems(broken, KIOSK_SCREENS);
    expect(problems).toContain('kiosk.session.login.active: 0 screens ()');
    expect(problems).toContain('no state shows login');
  });
});
