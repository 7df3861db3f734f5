import { describe, expect, it } from 'vitest';
import { KeypadPaging } from '../../../src/main/bridge/keypad-paging';
import { VIEW_CATALOGUE } from '../../support/view-catalogue';

const service = (page: string) => VIEW_CATALOGUE.find((v) => v.screen === 'service' && v.page.page === page)!;

describe('keypad paging state (issue 18)', () => {
  it('starts every screen on its first page and remembers turns while the screen stays', () => {
    const paging = new KeypadPaging();
    const devices = service('devices');
    expect(paging.pageFor(devices)).toBe(0);
    paging.turn(devices, 1);
    expect(paging.pageFor(devices)).toBe(1);
    paging.turn(devices, 1);
    paging.turn(devices, -1);
    expect(paging.pageFor(devices)).toBe(1);
  });

  it('goes back to the first page when another screen or another service page opens', () => {
    const paging = new KeypadPaging();
    paging.turn(service('devices'), 1);
    expect(paging.pageFor(service('technicianMenu'))).toBe(0);
    expect(paging.pageFor(VIEW_CATALOGUE.find((v) => v.screen === 'menu')!)).toBe(0);
    // Turning on the other page starts from its own first page.
    paging.turn(service('exportTarget'), 1);
    expect(paging.pageFor(service('exportTarget'))).toBe(1);
    expect(paging.pageFor(service('devices'))).toBe(0);
  });
});
