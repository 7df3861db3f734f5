/**
 * The console's kiosk provisioning (issue 16) for administrators: enrol a
 * kiosk by its public key and confirmed fingerprint, disable, enable or
 * revoke one. Each change is in the operation log with the operator's id
 * (src/hq/provisioning/kiosk-provisioning.ts); a refused form comes back as
 * typed, with the reason.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HqContext } from '../context';
import { changeKioskState, enrolKioskByFingerprint, KioskStateChange, listProvisionedKiosks } from '../provisioning/kiosk-provisioning';
import type { Flash } from './console-layout';
import { BLANK_ENROL_FORM, renderKioskProvisioningPage, type EnrolKioskForm } from './kiosk-provisioning-pages';

const field = (body: unknown, name: string, max: number): string => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
};

const DONE: Record<string, [ja: string, en: string]> = {
  enrolled: ['端末を登録しました。', 'The kiosk is enrolled.'],
  disable: ['端末を停止しました。', 'The kiosk is disabled.'],
  enable: ['端末を再開しました。', 'The kiosk is enabled.'],
  revoke: ['端末を失効させました。この鍵は二度と使えません。', 'The kiosk is revoked; its key is refused for good.'],
};

export async function kioskProvisioningRoutes(app: FastifyInstance, options: { ctx: HqContext; sendPage: (reply: FastifyReply, code: number, page: string) => FastifyReply }): Promise<void> {
  const { ctx, sendPage } = options;
  const administrator = { consoleRole: 'administrator' as const };
  const page = async (request: FastifyRequest, reply: FastifyReply, code: number, form: EnrolKioskForm, flash?: Flash) => sendPage(reply, code, renderKioskProvisioningPage({
    at: ctx.clock().toISOString(), viewer: request.consoleViewer!, kiosks: await listProvisionedKiosks(ctx.db), form, flash,
  }));
  const actorOf = (request: FastifyRequest) => ({ operatorId: request.consoleViewer!.operatorId });

  app.get('/console/kiosks', { schema: { hide: true }, config: administrator }, async (request, reply) => {
    const done = (request.query as Record<string, unknown>).done;
    const message = typeof done === 'string' ? DONE[done] : undefined;
    return page(request, reply, 200, BLANK_ENROL_FORM, message ? { kind: 'ok', ja: message[0], en: message[1] } : undefined);
  });

  app.post('/console/kiosks', { schema: { hide: true }, config: administrator }, async (request, reply) => {
    const form: EnrolKioskForm = {
      kioskId: field(request.body, 'kioskId', 64).trim(), storeName: field(request.body, 'storeName', 100).trim(),
      publicKeyPem: field(request.body, 'publicKeyPem', 4000).replace(/\r\n/g, '\n').trim(), fingerprint: field(request.body, 'fingerprint', 200),
    };
    const outcome = await enrolKioskByFingerprint(ctx.db, {
      kioskId: form.kioskId, publicKeyPem: `${form.publicKeyPem}\n`, fingerprint: form.fingerprint, ...(form.storeName ? { storeName: form.storeName } : {}),
    }, actorOf(request), ctx.clock());
    if (!outcome.ok) return page(request, reply, 400, form, { kind: 'error', ja: '登録できませんでした。入力内容を確認してください。', en: `Not enrolled: ${outcome.message}` });
    return reply.redirect('/console/kiosks?done=enrolled', 303);
  });

  app.post('/console/kiosks/:kioskId/:change', { schema: { hide: true }, config: administrator }, async (request, reply) => {
    const params = request.params as { kioskId: string; change: string };
    const change = KioskStateChange.safeParse(params.change);
    if (!change.success) return page(request, reply, 404, BLANK_ENROL_FORM, { kind: 'error', ja: 'その操作はありません。', en: 'No such action.' });
    const outcome = await changeKioskState(ctx.db, params.kioskId.slice(0, 64), change.data, actorOf(request), ctx.clock());
    if (!outcome.ok) {
      const code = outcome.code === 'notFound' ? 404 : 400;
      return page(request, reply, code, BLANK_ENROL_FORM, { kind: 'error', ja: outcome.code === 'notFound' ? 'その端末は登録されていません。' : '変更できませんでした。', en: outcome.message });
    }
    return reply.redirect(`/console/kiosks?done=${change.data}`, 303);
  });
}
