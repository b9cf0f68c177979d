/** The environment import's limits and columns as the server declares them (src/app/importLimits.ts; a test keeps them equal): a panel bundles no server code. */
export const IMPORT_MAX_BYTES = 128 * 1024;
export const IMPORT_MAX_ROWS = 250;
export const IMPORT_COLUMNS = ['organization', 'kind', 'instances', 'version', 'state', 'provided on', 'iq reference', 'iq date', 'iq version', 'sandbox origin', 'carried over', 'contract signed', 'source migrated', 'reason'] as const;
