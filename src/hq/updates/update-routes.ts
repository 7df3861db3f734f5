/**
 * HQ's update routes (issue 16; contract in src/shared/updates/update-api.ts,
 * store in release-store.ts):
 * - kiosk-signed, mounted in the /v1 scope: `GET /v1/updates/manifest?channel=`
 *   (the release for the calling kiosk, or null) and
 *   `GET /v1/updates/artefacts/:fileName` (the bytes, streamed with
 *   Content-Length; the answer is not signed by HQ's answer hook, being a
 *   stream: the kiosk checks the bytes against the signed manifest instead);
 * - admin (bearer token), mounted in the /admin scope: `POST /admin/updates/releases`
 *   (a signed manifest), `PUT /admin/updates/artefacts/:fileName`
 *   (`application/octet-stream`, the artefact) and `GET /admin/updates/releases`.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HqErrorBody } from '../../shared/hq-api/common';
import { ArtefactParams, PublishedRelease, UpdateManifestQuery, UpdateManifestResponse } from '../../shared/updates/update-api';
import { SignedUpdateManifest } from '../../shared/updates/update-manifest';
import { authenticatedKioskId } from '../auth/kiosk-auth';
import { sendRefusal } from '../http/error-status';
import type { Actor } from '../operation-log';
import type { ReleaseStore } from './release-store';
import type { Readable } from 'node:stream';

export async function kioskUpdateRoutes(v1: FastifyInstance, options: { releases: ReleaseStore }): Promise<void> {
  const { releases } = options;
  v1.get('/updates/manifest', {
    schema: {
      summary: 'The signed release for this kiosk on a channel (highest version whose rollout includes it), or null', tags: ['kiosk'],
      security: [{ kioskSignature: [] }], querystring: UpdateManifestQuery, response: { 200: UpdateManifestResponse, 401: HqErrorBody },
    },
  }, async (request, reply) => {
    // Guards itself: mounted outside the kiosk-auth scope it refuses rather than answer for nobody.
    const kioskId = authenticatedKioskId(request);
    if (!kioskId) return sendRefusal(reply, { code: 'missingAuthentication', message: 'update routes need an authenticated kiosk' });
    return { update: await releases.manifestFor(kioskId, (request.query as z.infer<typeof UpdateManifestQuery>).channel) };
  });
  v1.get('/updates/artefacts/:fileName', {
    schema: {
      summary: 'A published artefact\'s bytes (application/octet-stream, Content-Length); check them against the signed manifest', tags: ['kiosk'],
      security: [{ kioskSignature: [] }], params: ArtefactParams, response: { 401: HqErrorBody, 404: HqErrorBody },
    },
  }, async (request, reply) => {
    if (!authenticatedKioskId(request)) return sendRefusal(reply, { code: 'missingAuthentication', message: 'update routes need an authenticated kiosk' });
    const artefact = await releases.artefact((request.params as z.infer<typeof ArtefactParams>).fileName);
    if (!artefact) return sendRefusal(reply, { code: 'notFound', message: 'no published artefact by that name' });
    return reply.header('content-type', 'application/octet-stream').header('content-length', String(artefact.size)).send(artefact.open());
  });
}

export async function adminUpdateRoutes(admin: FastifyInstance, options: { releases: ReleaseStore; actor: Actor }): Promise<void> {
  const { releases, actor } = options;
  const security = [{ adminToken: [] }];
  // The artefact arrives as a stream and is hashed as it is written (release-store.ts): never buffered, so no body limit applies here.
  admin.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));
  admin.post('/updates/releases', {
    schema: {
      summary: 'Publish a signed update manifest (refused unless it verifies with the configured update-signing key); re-publish to change the rollout',
      tags: ['admin'], security, body: SignedUpdateManifest, response: { 201: PublishedRelease, 400: HqErrorBody, 401: HqErrorBody },
    },
  }, async (request, reply) => {
    const outcome = await releases.publish(request.body as SignedUpdateManifest, actor);
    if (!outcome.ok) return sendRefusal(reply, outcome);
    return reply.code(201).send(outcome.value);
  });
  admin.put('/updates/artefacts/:fileName', {
    schema: {
      summary: 'Upload the artefact a published manifest names (application/octet-stream); kept only with the signed size and SHA-256',
      tags: ['admin'], security, params: ArtefactParams,
      response: { 200: z.object({ fileName: z.string(), sha256: z.string(), releases: z.array(PublishedRelease) }).strict(), 400: HqErrorBody, 401: HqErrorBody, 404: HqErrorBody, 415: HqErrorBody },
    },
  }, async (request, reply) => {
    if (request.headers['content-type'] !== 'application/octet-stream') return sendRefusal(reply, { code: 'unsupportedMediaType', message: 'send the artefact as application/octet-stream' });
    const outcome = await releases.storeArtefact((request.params as z.infer<typeof ArtefactParams>).fileName, request.body as Readable, actor);
    if (!outcome.ok) return sendRefusal(reply, outcome);
    return outcome.value;
  });
  admin.get('/updates/releases', {
    schema: { summary: 'Published releases by channel, newest first', tags: ['admin'], security, response: { 200: z.object({ releases: z.array(PublishedRelease) }).strict(), 401: HqErrorBody } },
  }, async () => ({ releases: await releases.list() }));
}
