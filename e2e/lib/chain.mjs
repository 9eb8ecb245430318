// Constants of the dev chain's runtime the e2e tests compute with.

/** 1 SSP in the smallest unit (12 decimals). */
export const UNIT = 10n ** 12n;
/** `Perbill` parts in one (100%). */
export const PERBILL = 1_000_000_000n;
/** Blocks per lease period (`configs::LEASE_PERIOD`). */
export const LEASE_PERIOD = 20;
