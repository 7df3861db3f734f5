/**
 * Where the reference HQ keeps its secrets inside its data folder (`npm run
 * hq -- --data DIR`), relative to DIR. A contract between processes: HQ
 * writes there (src/hq/keys/hq-keys.ts), and the kiosk's development host
 * tells people where the embedded HQ's admin token is, without importing HQ.
 */
export const HQ_SECRETS_FOLDER = 'keys';
export const HQ_ADMIN_TOKEN_FILE = 'admin-token';
