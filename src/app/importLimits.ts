/** The environment import's declared limits, shared with the settings page (this module imports nothing, so a panel may). */
export const IMPORT_MAX_BYTES = 128 * 1024;
export const IMPORT_MAX_ROWS = 250;
export const IMPORT_MAX_ORGANIZATIONS = 50;

/** The import's columns, in the order of its template; organization, kind and version are required. */
export const IMPORT_COLUMNS = [
  'organization',
  'kind',
  'instances',
  'version',
  'state',
  'provided on',
  'iq reference',
  'iq date',
  'iq version',
  'sandbox origin',
  'carried over',
  'contract signed',
  'source migrated',
  'reason',
] as const;
