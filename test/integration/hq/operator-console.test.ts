/**
 * HQ's operator console over real HTTP on both stores: a named operator's
 * session (test/integration/hq/console-client.ts), the fleet as kiosks report it (escaped), announcements
 * from a form in Tokyo time, refusals that keep what was typed, and form
 * posts from other sites refused.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signInAs, type ConsoleClient } from './console-client';
import { startHarness, STORES, WEDNESDAY_NOON_TOKYO, type HqHarness } from './hq-harness';

describe.each(STORES)('operator console on %s', (kind) => {
  let hq: HqHarness;
  let op: ConsoleClient;
  beforeAll(async () => {
    hq = await startHarness(kind);
    op = await signInAs(hq, 'operator');
  });
  afterAll(async () => { await hq?.close(); });
  beforeEach(async () => {
    hq.clock.now = WEDNESDAY_NOON_TOKYO;
    await hq.db.query('DELETE FROM service_announcements');
  });

  const get = (path: string) => op.get(path);
  const postForm = (fields: Record<string, string>, headers: Record<string, string> = {}) => op.post('/console/announcements', fields, headers);
  const storedAnnouncements = async () => (await hq.db.query<{ kiosk_id: string | null; starts_at: Date; ends_at: Date; message_ja: string }>(
    'SELECT kiosk_id, starts_at, ends_at, message_ja FROM service_announcements')).rows;
  const good = () => ({ target: hq.kioskId, startsAt: '2026-06-10T11:30', endsAt: '2026-06-10T12:30', messageJa: '回線工事のため停止しています。', messageEn: 'Stopped for line work.' });

  it('sends anyone without a session to the sign-in page and refuses their posts; the admin token is no console password', async () => {
    const basic = `Basic ${Buffer.from(`operator:${hq.adminToken}`).toString('base64')}`;
    for (const path of ['/console', '/console/announce', '/console/operators']) {
      for (const headers of [{} as Record<string, string>, { authorization: basic }, { authorization: `Bearer ${hq.adminToken}` }, { cookie: 'hq_console_session=forged' }]) {
        const response = await fetch(`${hq.url}${path}`, { redirect: 'manual', headers });
        expect(response.status, `${path} ${JSON.stringify(headers)}`).toBe(303);
        expect(response.headers.get('location')).toBe('/console/sign-in');
      }
    }
    expect((await fetch(`${hq.url}/console/console.css`)).status).toBe(200);
    const signIn = await fetch(`${hq.url}/console/sign-in`);
    expect(signIn.status).toBe(200);
    expect(await signIn.text()).toContain('サインイン');
    const anonymous = await fetch(`${hq.url}/console/announcements`, { method: 'POST', body: new URLSearchParams(good()), headers: { origin: hq.url } });
    expect(anonymous.status).toBe(401);
    expect(await storedAnnouncements()).toEqual([]);
  });

  it('serves pages that no script can run in, framed by nobody, never cached; only the fleet reloads itself', async () => {
    for (const path of ['/console', '/console/announce', '/console/sign-in']) {
      const response = path === '/console/sign-in' ? await fetch(`${hq.url}${path}`) : await get(path);
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const page = await response.text();
      expect(page).not.toMatch(/<script/i);
      // A reload would wipe a message being typed, so the form's page never reloads itself.
      expect(page.includes('http-equiv="refresh"'), path).toBe(path === '/console');
      // Every form that posts carries the CSRF token.
      expect(page.match(/<form [^>]*method="post"/g)?.length, path).toBe(page.match(/name="_csrf"/g)?.length);
    }
    const form = await (await get('/console/announce')).text();
    expect(form).toContain('value="2026-06-10T12:00"');
    expect(form).toContain('value="2026-06-10T13:00"');
  });

  it('shows each kiosk as it reported itself, escaping what the kiosk wrote, and a kiosk gone quiet', async () => {
    const reported = await hq.client.reportStatus({
      softwareVersion: '0.1.0+console', outOfService: true, outOfServiceReasons: ['technician', 'hqUnreachable'],
      devices: { cardReader: { state: 'online' }, idScanner: { state: 'hardwareError', detail: '<img src=x onerror=alert(1)> lamp' } },
    });
    expect(reported.ok).toBe(true);
    const page = await (await get('/console')).text();
    const row = new RegExp(`<tr data-kiosk="${hq.kioskId}"[^>]*>([\\s\\S]*?)</tr>`).exec(page)?.[1] ?? '';
    expect(row).toContain('停止中');
    expect(row).toContain('Out of service');
    expect(row).toContain('<li data-reason="technician">技術者が停止中 <span lang="en">Stopped by a technician</span></li>');
    expect(row).toContain('HQ 通信不可');
    expect(row).toContain('0.1.0+console');
    expect(row).toContain('2026-06-10 12:00');
    expect(row).toContain('&lt;img src=x onerror=alert(1)&gt; lamp');
    expect(page).not.toContain('<img');

    hq.clock.now = new Date(WEDNESDAY_NOON_TOKYO.getTime() + 10 * 60_000);
    const later = await (await get('/console')).text();
    const laterRow = new RegExp(`<tr data-kiosk="${hq.kioskId}"[^>]*>([\\s\\S]*?)</tr>`).exec(later)?.[1] ?? '';
    expect(laterRow).toContain('応答なし');
    expect(laterRow).toContain('10分前 / 10 min ago');
  });

  it('announces a maintenance from the form in Tokyo time; the kiosk named gets it and the page lists it', async () => {
    const response = await postForm(good());
    expect(response.status).toBe(303);
    const location = response.headers.get('location') ?? '';
    expect(location).toMatch(/^\/console\?announced=[0-9a-f-]{36}$/);
    expect(await storedAnnouncements()).toEqual([{
      kiosk_id: hq.kioskId, starts_at: new Date('2026-06-10T02:30:00Z'), ends_at: new Date('2026-06-10T03:30:00Z'), message_ja: '回線工事のため停止しています。',
    }]);
    const calendar = await hq.client.getCalendar();
    expect(calendar.ok && calendar.value.status).toMatchObject({ state: 'maintenance', reason: 'announcement', until: '2026-06-10T03:30:00.000Z' });

    const page = await (await get(location)).text();
    expect(page).toContain('お知らせを登録しました。');
    expect(page).toContain('2026-06-10 11:30 – 2026-06-10 12:30');
    expect(page).toContain('Stopped for line work.');
  });

  it('announces to every kiosk when the target is all', async () => {
    expect((await postForm({ ...good(), target: 'all' })).status).toBe(303);
    expect((await storedAnnouncements()).map((a) => a.kiosk_id)).toEqual([null]);
  });

  it('refuses a form it cannot keep, says why in both languages, keeps what was typed and stores nothing', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ ...good(), endsAt: '2026-06-10T11:00' }, '入力内容を確認してください。', 'endsAt must be after startsAt'],
      [{ ...good(), endsAt: '2027-06-11T12:30' }, '入力内容を確認してください。', 'an announcement may last at most 366 days'],
      [{ ...good(), startsAt: '2026-02-30T10:00' }, '開始と終了の日時を入力してください。', 'Enter the start and the end as a date and a time.'],
      [{ ...good(), endsAt: '' }, '開始と終了の日時を入力してください。', 'Enter the start and the end as a date and a time.'],
      [{ ...good(), messageEn: '   ' }, '入力内容を確認してください。', 'messageEn'],
      [{ ...good(), messageJa: 'あ'.repeat(501) }, '入力内容を確認してください。', 'messageJa'],
      [{ ...good(), target: 'KIOSK-NOWHERE' }, 'その端末は登録されていません。', 'No kiosk KIOSK-NOWHERE is enrolled.'],
    ];
    for (const [fields, ja, en] of cases) {
      const response = await postForm({ ...fields, messageJa: fields.messageJa === good().messageJa ? '<b>工事</b>' : fields.messageJa! });
      expect(response.status, JSON.stringify(fields)).toBe(400);
      const page = await response.text();
      expect(page).toContain('role="alert"');
      expect(page).toContain(ja);
      expect(page).toContain(en);
      if (fields.messageJa === good().messageJa) expect(page).toContain('&lt;b&gt;工事&lt;/b&gt;</textarea>');
      expect(page).toContain(`value="${fields.startsAt}"`);
      expect(page).not.toContain('http-equiv="refresh"');
    }
    expect(await storedAnnouncements()).toEqual([]);
  });

  it('withdraws an announcement from its button: the calendar drops it and the page no longer lists it', async () => {
    const created = await postForm(good());
    const announcementId = /announced=(.+)$/.exec(created.headers.get('location') ?? '')?.[1] ?? '';
    const listed = await (await get('/console')).text();
    expect(listed).toContain(`action="/console/announcements/${announcementId}/withdraw"`);

    const withdrawPath = `/console/announcements/${announcementId}/withdraw`;
    const foreign = await op.post(withdrawPath, {}, { 'sec-fetch-site': 'cross-site' });
    expect(foreign.status).toBe(403);
    expect(await hq.client.getCalendar()).toMatchObject({ ok: true, value: { status: { state: 'maintenance' } } });

    const withdrawn = await op.post(withdrawPath);
    expect(withdrawn.status).toBe(303);
    expect(withdrawn.headers.get('location')).toBe(`/console?withdrawn=${announcementId}`);
    const calendar = await hq.client.getCalendar();
    expect(calendar.ok && calendar.value.calendar.announcements).toEqual([]);
    const page = await (await get(withdrawn.headers.get('location')!)).text();
    expect(page).toContain('お知らせを取り消しました。');
    expect(page).not.toContain(withdrawPath);

    const unknown = await op.post('/console/announcements/nothing-here/withdraw');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('そのお知らせは見つかりません。');
  });

  it('refuses a form posted from another site even with the right credentials', async () => {
    const foreign: Record<string, string>[] = [{ origin: 'http://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }];
    for (const headers of foreign) {
      const response = await postForm(good(), headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
    }
    expect(await storedAnnouncements()).toEqual([]);
  });
});
