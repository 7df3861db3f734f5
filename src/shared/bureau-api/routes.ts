/**
 * Every route of the reference credit bureau, declared once (STYLE.md,
 * "Contracts declared once"): the bureau registers each with these schemas
 * and body limit, `BureauClient` derives one typed call per entry, and the
 * OpenAPI document is generated from them. `auth: 'lender'` routes carry
 * the lender's request signature (request-signing.ts).
 */
import { z } from 'zod';
import { BUREAU_BODY_LIMIT } from './common';
import { RegisterContractRequest, RegisterContractResponse } from './contracts';
import { EnquiryRequest, EnquiryResponse } from './enquiry';

export const BureauHealthResponse = z.object({ ok: z.literal(true), service: z.literal('bureau') }).strict();

export interface BureauRoute {
  method: 'GET' | 'POST';
  path: `/${string}`;
  auth: 'lender' | 'public';
  summary: string;
  body: z.ZodType | null;
  response: z.ZodType;
  bodyLimit: number;
}

export const BUREAU_ROUTES = {
  health: {
    method: 'GET', path: '/health', auth: 'public', body: null, response: BureauHealthResponse, bodyLimit: BUREAU_BODY_LIMIT,
    summary: 'Liveness',
  },
  enquire: {
    method: 'POST', path: '/v1/enquiries', auth: 'lender', body: EnquiryRequest, response: EnquiryResponse, bodyLimit: BUREAU_BODY_LIMIT,
    summary: 'Ask about a person (art. 13): contracts at every lender, total-volume totals, recent enquiries; the enquiry is recorded',
  },
  registerContract: {
    method: 'POST', path: '/v1/contracts', auth: 'lender', body: RegisterContractRequest, response: RegisterContractResponse, bodyLimit: BUREAU_BODY_LIMIT,
    summary: 'Register or update the calling lender\'s own contract with a person (art. 41-35)',
  },
} as const satisfies Record<string, BureauRoute>;

export type BureauRoutes = typeof BUREAU_ROUTES;
export type BureauRouteName = keyof BureauRoutes;
export type BureauRouteBody<K extends BureauRouteName> = BureauRoutes[K]['body'] extends z.ZodType ? z.input<BureauRoutes[K]['body']> : undefined;
export type BureauRouteResponse<K extends BureauRouteName> = z.output<BureauRoutes[K]['response']>;
