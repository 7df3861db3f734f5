/** Unclean stops and renderer failures in a kiosk's retained journal (issue 16, "Crash accounting"): on the technician's health page and in the status report to HQ. */
import { z } from 'zod';

export const CrashCounts = z.object({
  processCrashes: z.number().int().min(0),
  rendererFailures: z.number().int().min(0),
}).strict();
export type CrashCounts = z.infer<typeof CrashCounts>;
