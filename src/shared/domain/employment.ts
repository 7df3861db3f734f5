import { z } from 'zod';

/** Employment as the customer declares it for a limit review (DOMAIN.md: the review checks employment). */
export const Employment = z.enum(['employee', 'contract', 'partTime', 'selfEmployed', 'pensioner', 'other']);
export type Employment = z.infer<typeof Employment>;
