/**
 * The frame of every console page: title, the signed-in operator with the
 * sign-out button, the flash after a redirect, and the CSRF field every form
 * carries (OWASP CSRF Prevention Cheat Sheet, "Synchronizer token pattern";
 * checked in console-session.ts). Japanese first, English beside it.
 */
import { tokyoLocalDateTime } from '../../shared/domain/calendar';
import type { OperatorRole } from '../operators/operator-accounts';
import { html, type Html } from './html';

export type Flash = { kind: 'ok' | 'error'; ja: string; en: string };

/** Who is looking at the page: what they may do, and the token their forms carry. */
export interface ConsoleViewer {
  operatorId: number;
  displayName: string;
  role: OperatorRole;
  csrfToken: string;
}

/** The form field that carries the session's CSRF token. */
export const CSRF_FIELD = '_csrf';

export const csrfField = (token: string): Html => html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`;

export const when = (iso: string | Date | null): string => (iso ? tokyoLocalDateTime(new Date(iso).getTime()).replace('T', ' ') : '—');

export const ROLE_LABEL: Record<OperatorRole, [ja: string, en: string]> = {
  viewer: ['閲覧者', 'Viewer'],
  operator: ['運用者', 'Operator'],
  administrator: ['管理者', 'Administrator'],
};

function signedIn(viewer: ConsoleViewer | undefined): Html | '' {
  if (!viewer) return '';
  const [ja, en] = ROLE_LABEL[viewer.role];
  return html`<div class="whoami" data-operator="${String(viewer.operatorId)}" data-role="${viewer.role}">
      ${viewer.displayName}（${ja} <span lang="en">${en}</span>）
      ${viewer.role === 'administrator' ? html`<a href="/console/operators">アカウント管理 <span lang="en">Accounts</span></a> <a href="/console/kiosks">端末の登録 <span lang="en">Kiosk enrolment</span></a>` : ''}
      <form class="sign-out" method="post" action="/console/sign-out">${csrfField(viewer.csrfToken)}<button type="submit">サインアウト <span lang="en">Sign out</span></button></form>
    </div>`;
}

export function layout(at: string, body: Html, options: { refresh: boolean; flash?: Flash | undefined; viewer?: ConsoleViewer | undefined }): string {
  const flash = options.flash
    ? html`<p role="${options.flash.kind === 'error' ? 'alert' : 'status'}" class="flash ${options.flash.kind}">${options.flash.ja}<br><span lang="en">${options.flash.en}</span></p>`
    : '';
  return html`<!doctype html>
<html lang="ja">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  ${options.refresh ? html`<meta http-equiv="refresh" content="30">` : ''}
  <title>運用コンソール / HQ operator console</title>
  <link rel="stylesheet" href="/console/console.css">
</head>
<body>
  <header>
    <h1>運用コンソール <span lang="en">HQ operator console</span></h1>
    <p>${when(at)}（日本時間 / Tokyo time）</p>
    ${signedIn(options.viewer)}
  </header>
  <main>
    ${flash}
    ${body}
  </main>
</body>
</html>
`.text;
}
