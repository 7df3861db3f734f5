/**
 * The console's sign-in page and the administrator's account page
 * (issue 17: named operators), Japanese first with English beside it.
 */
import { LOCKOUT_FAILURES, LOCKOUT_MS, PASSWORD_MIN_LENGTH, type Operator } from '../operators/operator-accounts';
import { csrfField, layout, ROLE_LABEL, when, type ConsoleViewer, type Flash } from './console-layout';
import { html } from './html';

export function renderSignInPage(input: { at: string; csrfToken: string; login: string; flash?: Flash | undefined; sso?: boolean }): string {
  return layout(input.at, html`<section aria-labelledby="sign-in">
      <h2 id="sign-in">サインイン <span lang="en">Sign in</span></h2>
      <form class="announce" method="post" action="/console/sign-in">${csrfField(input.csrfToken)}
        <label>ログイン名 <span lang="en">Login</span> <input name="login" autocomplete="username" required value="${input.login}"></label>
        <label>パスワード <span lang="en">Password</span> <input type="password" name="password" autocomplete="current-password" required></label>
        <p class="hint">${LOCKOUT_FAILURES}回続けて失敗すると${LOCKOUT_MS / 60_000}分間ロックされます。<br>
          <span lang="en">${LOCKOUT_FAILURES} failures in a row lock the account for ${LOCKOUT_MS / 60_000} minutes.</span></p>
        <button type="submit">サインイン <span lang="en">Sign in</span></button>
      </form>
      ${input.sso ? html`<p><a class="action" href="/console/oidc/start">シングルサインオンでサインイン <span lang="en">Sign in with single sign-on</span></a></p>` : ''}
    </section>`, { refresh: false, flash: input.flash });
}

export interface NewOperatorForm {
  login: string;
  displayName: string;
  role: string;
}

export function renderOperatorsPage(input: { at: string; viewer: ConsoleViewer; operators: readonly Operator[]; form: NewOperatorForm; flash?: Flash | undefined }): string {
  const now = Date.parse(input.at);
  const csrf = csrfField(input.viewer.csrfToken);
  const action = (o: Operator, path: string, ja: string, en: string) => html`<form class="withdraw" method="post" action="/console/operators/${String(o.operatorId)}/${path}">${csrf}<button type="submit">${ja} <span lang="en">${en}</span></button></form>`;
  const rows = input.operators.map((o) => {
    const locked = o.lockedUntil !== null && o.lockedUntil.getTime() > now;
    return html`<tr data-operator-login="${o.login}">
      <th scope="row"><code>${o.login}</code></th><td>${o.displayName}</td>
      <td>${ROLE_LABEL[o.role][0]} <span lang="en">${ROLE_LABEL[o.role][1]}</span></td>
      <td class="${o.disabled || locked ? 'bad' : 'ok'}">${o.disabled ? html`無効 <span lang="en">Disabled</span>` : locked ? html`ロック中（${when(o.lockedUntil)}まで） <span lang="en">Locked</span>` : html`有効 <span lang="en">Active</span>`}</td>
      <td>${locked ? action(o, 'unlock', 'ロック解除', 'Unlock') : ''}
        ${o.operatorId === input.viewer.operatorId ? '' : o.disabled ? action(o, 'enable', '有効にする', 'Enable') : action(o, 'disable', '無効にする', 'Disable')}</td>
    </tr>`;
  });
  const roleOption = (role: keyof typeof ROLE_LABEL) => html`<option value="${role}"${input.form.role === role ? html` selected` : ''}>${ROLE_LABEL[role][0]} / ${ROLE_LABEL[role][1]}</option>`;
  return layout(input.at, html`<section aria-labelledby="operators">
      <h2 id="operators">アカウント <span lang="en">Operator accounts</span></h2>
      <table class="fleet"><thead><tr>
        <th scope="col">ログイン名<br><span lang="en">Login</span></th><th scope="col">氏名<br><span lang="en">Name</span></th>
        <th scope="col">役割<br><span lang="en">Role</span></th><th scope="col">状態<br><span lang="en">State</span></th><th scope="col"></th>
      </tr></thead><tbody>${rows}</tbody></table>
      <h2 id="add-operator">アカウントを追加 <span lang="en">Add an account</span></h2>
      <form class="announce" method="post" action="/console/operators">${csrf}
        <label>ログイン名 <span lang="en">Login</span> <input name="login" required value="${input.form.login}"></label>
        <label>氏名 <span lang="en">Name</span> <input name="displayName" required value="${input.form.displayName}"></label>
        <label>役割 <span lang="en">Role</span> <select name="role">${roleOption('viewer')}${roleOption('operator')}${roleOption('administrator')}</select></label>
        <label>初期パスワード（${PASSWORD_MIN_LENGTH}文字以上） <span lang="en">Initial password (at least ${PASSWORD_MIN_LENGTH} characters)</span>
          <input type="password" name="password" autocomplete="new-password" required minlength="${PASSWORD_MIN_LENGTH}"></label>
        <button type="submit">追加 <span lang="en">Add</span></button>
      </form>
      <p><a href="/console">端末一覧に戻る <span lang="en">Back to the fleet</span></a></p>
    </section>`, { refresh: false, flash: input.flash, viewer: input.viewer });
}
