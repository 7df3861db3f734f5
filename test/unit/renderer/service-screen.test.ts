// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceAction, ServiceBanner, ServiceBusyTask } from '../../../src/shared/bridge';
import ServiceScreen from '../../../src/renderer/screens/ServiceScreen.vue';
import { i18n } from '../../../src/renderer/i18n';
import { expectEveryButtonNamed, mountScreen, sent, t } from './mount-screen';
import { viewOf } from './fixtures';
import { keypadLegend } from '../../../src/main/bridge/keypad-map';
import { VIEW_CATALOGUE } from '../../support/view-catalogue';
import { DEFAULT_ASSIST, type ScreenView } from '../../../src/shared/bridge';

afterEach(() => { document.body.innerHTML = ''; });

const FIELDS = { name: 'match', dateOfBirth: 'mismatch', documentNumber: 'notOnFile', expiry: 'valid', scannerChecks: 'passed' } as const;
const CUSTOMER = { cardMasked: '400000******0051', memberNumber: '100000005', nameKanji: '高橋 美咲', nameKana: 'タカハシ ミサキ', locked: true, identityLocked: false, suspended: false, cardStatus: 'active' } as const;

describe('service screen', () => {
  it('shows exactly the buttons main offered, each named, and sends the action pressed', async () => {
    const { wrapper, send } = mountScreen(ServiceScreen, viewOf('service'));
    const buttons = wrapper.findAll('button[data-action]').map((b) => b.attributes('data-action'));
    expect(buttons).toEqual(['lookupByCard', 'lookupByMemberNumber', 'viewCapturedCards', 'takeOutOfService', 'logout']);
    expectEveryButtonNamed(wrapper);
    await wrapper.get('[data-action="lookupByMemberNumber"]').trigger('click');
    expect(sent(send)).toEqual([{ type: 'serviceAction', action: 'lookupByMemberNumber' }]);
  });

  it('shows staff which identity field failed (the customer\'s screen never does)', () => {
    const view = viewOf('service', { page: { page: 'customer', customer: CUSTOMER, identity: { decision: 'mismatch', documentKind: 'driversLicence', fields: FIELDS }, confirmed: false, scanUnreadable: false, actions: ['scanIdentity', 'finishCustomer'] } });
    const { wrapper } = mountScreen(ServiceScreen, view);
    expect(wrapper.get('[data-field-result="dateOfBirth"]').attributes('data-result')).toBe('mismatch');
    expect(wrapper.get('[data-field-result="dateOfBirth"]').text()).toContain(t('service.fieldResult.mismatch'));
    expect(wrapper.text()).toContain('高橋 美咲');
    expect(wrapper.text()).toContain('400000******0051');
    expect(wrapper.text()).toContain(t('service.customer.locked'));
  });

  it('tells staff when the customer\'s identity checks are locked, and says nothing when they are not', () => {
    const page = (identityLocked: boolean) => viewOf('service', { page: { page: 'customer', customer: { ...CUSTOMER, identityLocked }, identity: null, confirmed: false, scanUnreadable: false, actions: ['scanIdentity', 'finishCustomer'] } });
    expect(mountScreen(ServiceScreen, page(true)).wrapper.get('[data-state="identityLock"]').text()).toBe(t('service.customer.identityLocked'));
    expect(mountScreen(ServiceScreen, page(false)).wrapper.find('[data-state="identityLock"]').exists()).toBe(false);
  });

  it('sends on-screen member-number keys to main and searches with enter (physical keys go through the keypad table in main)', async () => {
    const view = viewOf('service', { page: { page: 'memberNumber', entered: '100000005', length: 9, actions: ['back'] } });
    const { wrapper, send } = mountScreen(ServiceScreen, view);
    const pad = wrapper.get(`[aria-label="${t('service.memberNumber.keypad')}"]`);
    await pad.findAll('button').find((b) => b.text() === '7')!.trigger('click');
    await wrapper.get('[data-action="search"]').trigger('click');
    expect(sent(send)).toEqual([
      { type: 'memberNumberKey', key: '7' }, { type: 'memberNumberKey', key: 'enter' },
    ]);
  });

  it('has words in both languages for every action, banner and busy task', () => {
    for (const locale of ['ja', 'en'] as const) {
      const missing = [
        ...ServiceAction.options.map((a) => `service.action.${a}`),
        ...ServiceBanner.options.map((b) => `service.banner.${b}`),
        ...ServiceBusyTask.options.map((b) => `service.busy.${b}`),
      ].filter((key) => !i18n.global.te(key, locale));
      expect(missing).toEqual([]);
    }
  });

  it('renders the devices page with self-test results and an alert banner for a failed test', () => {
    const view = viewOf('service', {
      role: 'technician', banner: 'testFailed',
      page: {
        page: 'devices', portsPresent: [], portsError: null, heldCard: 'own', ledSupported: true,
        devices: [{ name: 'cardReader', model: 'CRT-310', endpoint: 'card-reader', state: 'online', firmware: 'CRT-310-V1.00', capabilities: { led: true }, counters: { commands: 4 }, status: { media: 'entering' } }],
        selfTests: [{ test: 'eject', ok: false, detail: 'commandErrorCode mediaJam', at: '2026-06-10T03:00:00.000Z' }],
        actions: ['testReaderReset', 'testEject', 'back'],
      },
    });
    const { wrapper } = mountScreen(ServiceScreen, view, 'en');
    expect(wrapper.get('[role="alert"]').text()).toContain('Test failed.');
    expect(wrapper.get('[data-test="eject"]').text()).toContain('mediaJam');
    expect(wrapper.text()).toContain('CRT-310-V1.00');
    expectEveryButtonNamed(wrapper);
  });

  it('a page of twelve buttons (devices): only the current ten carry a number, and ▼/▲ name the other page (issue 18)', async () => {
    const devices = VIEW_CATALOGUE.find((v) => v.screen === 'service' && v.page.page === 'devices')! as Extract<ScreenView, { screen: 'service' }>;
    const marks = async (keypadPage: number) => {
      const { wrapper, store } = mountScreen(ServiceScreen, devices);
      const keypad = keypadLegend({ view: devices, inactivityWarning: false, locale: 'ja', largeText: false, extendedTime: false, highContrast: false, keypadPage });
      store.model = { revision: 1, locale: 'ja', largeText: false, inactivity: null, view: devices, assist: DEFAULT_ASSIST, keypad, formKey: null };
      await wrapper.vm.$nextTick();
      const numbered = wrapper.findAll('button[data-action]').flatMap((b) => {
        const key = b.find('[data-key]');
        return key.exists() ? [`${key.attributes('data-key')}:${b.attributes('data-action')}`] : [];
      });
      const pages = wrapper.find('[data-keypad-pages]');
      return { numbered, pages: pages.exists() ? pages.text() : null };
    };
    const first = await marks(0);
    expect(first.numbered).toEqual(['1:testReaderReset', '2:testReaderStatus', '3:testReaderLed', '4:testReadCard', '5:testEject', '6:testCapture', '7:testScan', '8:testPrinterStatus', '9:testPrinterPage', '0:resetCardReader']);
    expect(first.pages).toContain(t('service.keypadPage.next'));
    expect(first.pages).toContain('▼');
    const second = await marks(1);
    expect(second.numbered).toEqual(['1:resetIdScanner', '2:back']);
  });
});
