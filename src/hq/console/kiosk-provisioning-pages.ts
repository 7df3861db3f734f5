/**
 * The console's kiosk provisioning page (issue 16), for administrators:
 * the enrolled kiosks with their state and key fingerprint, a button per
 * state change, and the enrolment form (kiosk id, the kiosk's public key,
 * the fingerprint its technician page shows). Japanese first, English
 * beside it; no script (console-routes.ts).
 */
import type { ProvisionedKiosk } from '../provisioning/kiosk-provisioning';
import { csrfField, layout, when, type ConsoleViewer, type Flash } from './console-layout';
import { html } from './html';

export interface EnrolKioskForm {
  kioskId: string;
  storeName: string;
  publicKeyPem: string;
  fingerprint: string;
}

export const BLANK_ENROL_FORM: EnrolKioskForm = { kioskId: '', storeName: '', publicKeyPem: '', fingerprint: '' };

const STATE_LABEL: Record<ProvisionedKiosk['state'], [ja: string, en: string]> = {
  enabled: ['稼働可', 'Enabled'],
  disabled: ['停止中', 'Disabled'],
  revoked: ['失効', 'Revoked'],
};

export function renderKioskProvisioningPage(input: { at: string; viewer: ConsoleViewer; kiosks: readonly ProvisionedKiosk[]; form: EnrolKioskForm; flash?: Flash | undefined }): string {
  const csrf = csrfField(input.viewer.csrfToken);
  const action = (k: ProvisionedKiosk, change: string, ja: string, en: string) => html`<form class="withdraw" method="post" action="/console/kiosks/${encodeURIComponent(k.kioskId)}/${change}">${csrf}<button type="submit">${ja} <span lang="en">${en}</span></button></form>`;
  const rows = input.kiosks.map((k) => html`<tr data-kiosk="${k.kioskId}" data-state="${k.state}">
      <th scope="row"><code>${k.kioskId}</code></th><td>${k.storeName ?? '—'}</td>
      <td class="${k.state === 'enabled' ? 'ok' : 'bad'}">${STATE_LABEL[k.state][0]} <span lang="en">${STATE_LABEL[k.state][1]}</span>${k.revokedAt ? html`<br>${when(k.revokedAt)}` : ''}</td>
      <td><code class="fingerprint">${k.fingerprint}</code></td>
      <td>${k.state === 'enabled' ? action(k, 'disable', '停止', 'Disable') : ''}${k.state === 'disabled' ? action(k, 'enable', '再開', 'Enable') : ''}
        ${k.state === 'revoked' ? '' : action(k, 'revoke', '失効させる', 'Revoke')}</td>
    </tr>`);
  const f = input.form;
  return layout(input.at, html`<section aria-labelledby="kiosks">
      <h2 id="kiosks">端末の登録 <span lang="en">Kiosk enrolment</span></h2>
      <table class="fleet"><thead><tr>
        <th scope="col">端末<br><span lang="en">Kiosk</span></th><th scope="col">店舗<br><span lang="en">Store</span></th>
        <th scope="col">状態<br><span lang="en">State</span></th><th scope="col">鍵の指紋<br><span lang="en">Key fingerprint</span></th><th scope="col"></th>
      </tr></thead><tbody>${rows}</tbody></table>
      <p class="hint">失効させた端末の鍵は二度と登録できません。端末を戻すには新しい鍵で登録し直します。<br>
        <span lang="en">A revoked kiosk's key is refused for good; the kiosk comes back only by enrolment with a new key.</span></p>
      <h2 id="enrol">端末を登録 <span lang="en">Enrol a kiosk</span></h2>
      <form class="announce" method="post" action="/console/kiosks">${csrf}
        <label>端末ID <span lang="en">Kiosk id</span> <input name="kioskId" required maxlength="32" value="${f.kioskId}"></label>
        <label>店舗名（任意） <span lang="en">Store name (optional)</span> <input name="storeName" maxlength="100" value="${f.storeName}"></label>
        <label>端末の公開鍵（PEM） <span lang="en">The kiosk's public key (PEM)</span>
          <textarea name="publicKeyPem" required rows="4">${f.publicKeyPem}</textarea></label>
        <label>端末の保守画面に表示された鍵の指紋 <span lang="en">Key fingerprint shown on the kiosk's technician page</span>
          <input name="fingerprint" required maxlength="200" value="${f.fingerprint}"></label>
        <p class="hint">保守担当者が端末で読み上げた指紋と一致しない場合、登録されません。<br>
          <span lang="en">HQ computes the fingerprint of the key above and refuses the enrolment unless it matches the one the technician read off the kiosk.</span></p>
        <button type="submit">登録 <span lang="en">Enrol</span></button>
      </form>
      <p><a href="/console">端末一覧に戻る <span lang="en">Back to the fleet</span></a></p>
    </section>`, { refresh: false, flash: input.flash, viewer: input.viewer });
}
