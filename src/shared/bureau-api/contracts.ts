/**
 * POST /v1/contracts: a lender registers or updates its own contract with a
 * person (Money Lending Business Act art. 41-35: a lender tells its
 * designated credit bureau the contract data when it lends and when the
 * data change). A registration is the contract's whole current state: a
 * field left out is cleared (a delinquency no longer sent is no longer on
 * record), except `openedOn`, which an update keeps. A lender can only
 * write its own contracts: the key is (authenticated lender, contractRef).
 */
import { z } from 'zod';
import { CalendarDate, IsoTimestamp, Yen } from './common';
import { ProductKind } from './product-kinds';
import { Subject } from './subject';

/** The lender's own reference for a contract (a contract or member number): opaque to the bureau. */
export const ContractRef = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'contract reference: 1 to 40 of A-Z, a-z, 0-9, _ and -');

export const ContractState = z.object({
  contractRef: ContractRef,
  kind: ProductKind,
  limit: Yen,
  balance: Yen,
  /** Contract date; on a first registration without one, the bureau records the day it was registered (Tokyo). */
  openedOn: CalendarDate.optional(),
  closedOn: CalendarDate.nullable().optional(),
  /** Set when the contract is 61 days or more overdue (the lender decides and registers it). */
  delinquentSince: CalendarDate.nullable().optional(),
}).strict().refine((c) => !c.closedOn || !c.openedOn || c.closedOn >= c.openedOn, { message: 'closedOn is before openedOn', path: ['closedOn'] });
export type ContractState = z.infer<typeof ContractState>;

export const RegisterContractRequest = z.object({
  subject: Subject,
  contract: ContractState,
}).strict();
export type RegisterContractRequest = z.infer<typeof RegisterContractRequest>;

export const RegisterContractResponse = z.object({
  outcome: z.enum(['registered', 'updated']),
  contractRef: ContractRef,
  lastUpdatedAt: IsoTimestamp,
}).strict();
export type RegisterContractResponse = z.infer<typeof RegisterContractResponse>;
