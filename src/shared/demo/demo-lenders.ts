/**
 * The lender that runs the kiosks, as the reference credit bureau knows it
 * (its member id there). The bureau's demo seed holds this lender's
 * contracts with the demo cast (src/bureau/seed/seed-bureau.ts); HQ signs
 * its enquiries and registrations as this lender. Fictitious.
 */
export const DEMO_LENDER_ID = 'DEMO-LENDER';
