import type { AuditEntry } from '../domain/audit';
import { existingInstances, recordOnboardingFacts, registerEnvironment, registrationOf, type ExistingEnvironment, type IqDocumentInput, type OnboardingChange } from '../domain/environments/existing';
import { ENVIRONMENT_KINDS, SANDBOX_CLONE_AREAS } from '../domain/environments/kinds';
import { isLive, type EnvironmentRegistry, type RegistryActor, type RegistryChange } from '../domain/environments/registry';
import { PlanRefusal, refuse } from '../domain/errors';
import { parseCsv, type CsvRow } from './csv';
import { IMPORT_COLUMNS, IMPORT_MAX_BYTES, IMPORT_MAX_ORGANIZATIONS, IMPORT_MAX_ROWS } from './importLimits';
import { PROJECT_ADMIN_ROLE, type Organization } from './environmentAdmin';
import { MAX_CONCURRENT_RETRIES } from './planChanges';
import { ConcurrentChangeError, type AppPorts } from './ports';
import { chainedRegistryCommit } from './auditTrail';
import { namesOfPeople } from './people';
import type { Viewer } from './viewer';

/**
 * The bulk import of existing environments, many customers in one CSV file: one row per environment, checked row by
 * row with the registry's own rules against the registry it would land in (earlier rows of the file included), and
 * nothing written until every row is good. Then one KVS transaction per organization (its registry and audit entries:
 * at most 1 + IMPORT_ENTRIES_PER_ORGANIZATION operations, under Forge's 25 per transaction). A file for several
 * organizations does not fit one transaction; if a write fails mid-way the answer names the organizations imported
 * and not, and importing the same file again is safe: rows already in the registry are recognised, not added twice.
 */

export { IMPORT_COLUMNS, IMPORT_MAX_BYTES, IMPORT_MAX_ORGANIZATIONS, IMPORT_MAX_ROWS };
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly ImportColumn[] = ['organization', 'kind', 'version'];

// The declared limits (importLimits.ts) are refused with their figure: a file a resolver checks and writes well inside Forge's 25 s.
/** One onboarding record and one registration per kind a customer can have (Demo, Sandbox, Migration, VAL, PROD). */
export const IMPORT_ENTRIES_PER_ORGANIZATION = 1 + Object.keys(ENVIRONMENT_KINDS).filter((k) => k !== 'Community Dev').length;
/** Forge's limit of operations in one KVS transaction (limits-kvs-ce, "Transaction limits"). */
export const KVS_TRANSACTION_MAX_OPERATIONS = 25;

/** Which column a field of the registry's rules comes from, so a refusal names the column the person typed in. */
const COLUMN_OF_FIELD: Readonly<Record<string, ImportColumn>> = {
  organizationId: 'organization',
  kind: 'kind',
  instances: 'instances',
  version: 'version',
  state: 'state',
  providedOn: 'provided on',
  iqDocumentation: 'iq reference',
  'iqDocumentation.reference': 'iq reference',
  'iqDocumentation.documentedOn': 'iq date',
  'iqDocumentation.version': 'iq version',
  origin: 'sandbox origin',
  'origin.from': 'sandbox origin',
  'origin.carriedOver': 'carried over',
  contractSignedOn: 'contract signed',
  sourceDatabaseMigrated: 'source migrated',
  reason: 'reason',
};

export interface RowError {
  /** The row's number as a spreadsheet shows it: the header is row 1. */
  row: number;
  column: string;
  rule: string;
  message: string;
}

export type RowOutcome = 'register' | 'already registered' | 'refused';

export interface ImportRow {
  row: number;
  organization: Organization | null;
  kind: string;
  version: string;
  outcome: RowOutcome;
}

export interface ImportReport {
  dryRun: boolean;
  rows: ImportRow[];
  errors: RowError[];
  /** Organizations whose registry the import writes (dry run) or wrote. */
  imported: Organization[];
  /** Organizations that were to be written and were not, after a failure mid-way (empty when the import is complete). */
  notImported: Organization[];
  /** Why the import stopped mid-way; null when it did not. */
  failure: string | null;
}

type Cells = Partial<Record<ImportColumn, string>>;

const lowerTrim = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

function headerOf(row: CsvRow): ImportColumn[] {
  const columns = row.cells.map(lowerTrim);
  const unknown = columns.find((c) => !(IMPORT_COLUMNS as readonly string[]).includes(c));
  if (unknown !== undefined) refuse('importHeader', `row 1: "${unknown}" is not a column of the environment import; the columns are ${IMPORT_COLUMNS.join(', ')}`, { field: 'row 1' });
  const twice = columns.find((c, i) => columns.indexOf(c) !== i);
  if (twice) refuse('importHeader', `row 1: the column "${twice}" is given twice`, { field: 'row 1' });
  const missing = REQUIRED_COLUMNS.find((c) => !columns.includes(c));
  if (missing) refuse('importHeader', `row 1: the column "${missing}" is required (required: ${REQUIRED_COLUMNS.join(', ')})`, { field: 'row 1' });
  return columns as ImportColumn[];
}

/** A row problem found before the registry's rules run: it names its column. */
class CellError extends Error {
  constructor(
    readonly column: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

function areaOf(text: string): string {
  const wanted = lowerTrim(text);
  const area = SANDBOX_CLONE_AREAS.find((a) => a.id === wanted || lowerTrim(a.name) === wanted || lowerTrim(a.name.replace(/\s*\(.*\)$/, '')) === wanted);
  return area?.id ?? text.trim();
}

/** A row's cells as the registry's inputs; a blank cell is absent. */
function inputsOf(cells: Cells): { environment: ExistingEnvironment; onboarding: OnboardingChange } {
  const get = (c: ImportColumn) => (cells[c] ?? '').trim() || undefined;
  const instances = get('instances')?.split(/[\s+;,/]+/).filter(Boolean).map((s) => s.toUpperCase());
  const iq = { reference: get('iq reference'), documentedOn: get('iq date'), version: get('iq version') };
  const givenIq = Object.values(iq).some((v) => v !== undefined);
  if (givenIq) {
    const missing = (['iq reference', 'iq date', 'iq version'] as const).find((c) => !get(c));
    if (missing) throw new CellError(missing, 'iqDocumentComplete', `${missing}: IQ documentation is given as its reference, its day and the version it documents; this one is missing`);
  }
  const from = get('sandbox origin');
  const carried = get('carried over')?.split(';').map(areaOf).filter(Boolean);
  if (carried && from?.toLowerCase() !== 'demo') throw new CellError('carried over', 'carriedOverOnlyForClone', 'carried over: areas carry over only when the Sandbox is a clone of Demo (sandbox origin: Demo)');
  let origin: ExistingEnvironment['origin'];
  if (from !== undefined) {
    const word = from.toLowerCase();
    if (word !== 'empty' && word !== 'demo') throw new CellError('sandbox origin', 'sandboxOrigin', `sandbox origin: "${from}" is neither empty nor Demo`);
    origin = word === 'empty' ? { from: 'empty' } : { from: 'Demo', ...(carried ? { carriedOver: carried } : {}) };
  }
  const migrated = get('source migrated');
  let sourceDatabaseMigrated: boolean | undefined;
  if (migrated !== undefined) {
    const word = migrated.toLowerCase();
    if (!['yes', 'no', 'true', 'false'].includes(word)) throw new CellError('source migrated', 'sourceDatabaseMigrated', `source migrated: yes or no, not "${migrated}"`);
    sourceDatabaseMigrated = word === 'yes' || word === 'true';
  }
  const kind = get('kind');
  return {
    environment: {
      kind: kind ? (Object.keys(ENVIRONMENT_KINDS).find((k) => k.toLowerCase() === kind.toLowerCase()) ?? kind) : '',
      version: get('version') ?? '',
      ...(instances ? { instances } : {}),
      ...(get('state') ? { state: get('state')!.toLowerCase() } : {}),
      ...(get('provided on') ? { providedOn: get('provided on')! } : {}),
      ...(givenIq ? { iqDocumentation: iq as IqDocumentInput } : {}),
      ...(origin ? { origin } : {}),
      ...(get('reason') ? { reason: get('reason')! } : {}),
    },
    onboarding: { ...(get('contract signed') ? { contractSignedOn: get('contract signed')! } : {}), ...(sourceDatabaseMigrated !== undefined ? { sourceDatabaseMigrated } : {}) },
  };
}

function organizationOf(text: string, organizations: readonly Organization[]): Organization {
  const wanted = text.trim();
  if (!wanted) throw new CellError('organization', 'knownOrganization', 'organization: name the customer organization (its name or id in Service Management)');
  const found = organizations.find((o) => o.id === wanted) ?? organizations.find((o) => lowerTrim(o.name) === lowerTrim(wanted));
  if (!found) throw new CellError('organization', 'knownOrganization', `organization: "${wanted}" is not an organization of this service desk`);
  return found;
}

/** Whether the registry already holds this very environment (a re-import of the same row): same kind, version, state, IQ documentation, origin and day. */
function alreadyRegistered(registry: EnvironmentRegistry, environment: ExistingEnvironment, actor: RegistryActor, now: Date): boolean {
  const live = registry.instances.filter((i) => i.kind === environment.kind && isLive(i));
  if (live.length === 0) return false;
  try {
    const asRow = existingInstances({ ...registry, instances: registry.instances.filter((i) => !live.includes(i)) }, environment, actor, now);
    const same = (r: Record<string, unknown>) => JSON.stringify({ ...r, instances: undefined });
    return same(registrationOf(asRow)) === same(registrationOf(live));
  } catch {
    return false;
  }
}

interface Planned {
  organization: Organization;
  loaded: EnvironmentRegistry;
  changes: RegistryChange[];
  rows: number[];
}

function fileRows(text: unknown): { header: ImportColumn[]; rows: CsvRow[] } {
  if (typeof text !== 'string') refuse('payloadValid', 'csv: the file\'s text', { field: 'csv' });
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > IMPORT_MAX_BYTES) refuse('importTooLarge', `csv: the file is ${bytes} bytes; an import takes at most ${IMPORT_MAX_BYTES} bytes (${IMPORT_MAX_BYTES / 1024} KiB): split it`, { field: 'csv' });
  const [head, ...rows] = parseCsv(text);
  if (!head) refuse('importEmpty', `csv: the file is empty; its first row names the columns (${IMPORT_COLUMNS.join(', ')})`, { field: 'csv' });
  if (rows.length === 0) refuse('importEmpty', 'csv: the file has a header and no environment rows', { field: 'csv' });
  if (rows.length > IMPORT_MAX_ROWS) refuse('importTooLarge', `csv: the file has ${rows.length} environment rows; an import takes at most ${IMPORT_MAX_ROWS}: split it`, { field: 'csv' });
  return { header: headerOf(head), rows };
}

/**
 * Checks every row and plans the changes per organization, as a dry run: organizations from Service Management's list,
 * each registry read once, every row run through the registry's own functions on the registry as the rows before it
 * left it. Reads only.
 */
async function planImport(ports: AppPorts, text: unknown, actor: RegistryActor, now: Date, registries: Map<string, EnvironmentRegistry> = new Map()) {
  const { header, rows } = fileRows(text);
  const organizations = await ports.jira.listOrganizations();
  const report: ImportRow[] = [];
  const errors: RowError[] = [];
  const planned = new Map<string, Planned>();
  for (const { line, cells } of rows) {
    const named: Cells = Object.fromEntries(header.map((column, i) => [column, cells[i] ?? '']));
    const row: ImportRow = { row: line, organization: null, kind: (named.kind ?? '').trim(), version: (named.version ?? '').trim(), outcome: 'refused' };
    report.push(row);
    try {
      if (cells.length > header.length && cells.slice(header.length).some((c) => c.trim())) throw new CellError('row', 'importRowShape', `the row has ${cells.length} cells and the header ${header.length} columns`);
      const organization = organizationOf(named.organization ?? '', organizations);
      row.organization = organization;
      const { environment, onboarding } = inputsOf(named);
      let plan = planned.get(organization.id);
      if (!plan) {
        if (planned.size >= IMPORT_MAX_ORGANIZATIONS) throw new CellError('organization', 'importTooLarge', `organization: an import covers at most ${IMPORT_MAX_ORGANIZATIONS} organizations: split the file`);
        const loaded = registries.get(organization.id) ?? (await ports.plans.loadRegistry(organization.id));
        registries.set(organization.id, loaded);
        plan = { organization, loaded, changes: [], rows: [] };
        planned.set(organization.id, plan);
      }
      const current = plan.changes.at(-1)?.registry ?? plan.loaded;
      const facts = Object.keys(onboarding).length > 0 ? recordOnboardingFacts(current, onboarding, actor, now) : null;
      const after = facts?.registry ?? current;
      if (alreadyRegistered(after, environment, actor, now)) {
        row.outcome = 'already registered';
        if (facts) plan.changes.push(facts);
        continue;
      }
      const registered = registerEnvironment(after, environment, actor, now);
      plan.changes.push(...(facts ? [facts] : []), registered);
      plan.rows.push(line);
      row.outcome = 'register';
    } catch (error) {
      if (error instanceof CellError) errors.push({ row: line, column: error.column, rule: error.rule, message: error.message });
      else if (error instanceof PlanRefusal) errors.push({ row: line, column: COLUMN_OF_FIELD[error.field ?? ''] ?? error.field ?? 'row', rule: error.rule, message: correctionHint(error) });
      else throw error;
    }
  }
  return { rows: report, errors, planned: [...planned.values()].filter((p) => p.changes.length > 0) };
}

/** A recorded onboarding fact is corrected with a reason, one organization at a time: the import says where. */
function correctionHint(error: PlanRefusal): string {
  if (error.rule === 'reasonRequired' && error.field === 'reason') return 'the organization already has a different contract day or source migration recorded: correct it in the Environments section, with a reason';
  // The rules name their own field first ("iqDocumentation.version: …"); the row's column replaces it.
  return error.field && error.message.startsWith(`${error.field}: `) ? error.message.slice(error.field.length + 2) : error.message;
}

function reportOf(dryRun: boolean, plan: Awaited<ReturnType<typeof planImport>>, imported: Organization[], notImported: Organization[], failure: string | null): ImportReport {
  return { dryRun, rows: plan.rows, errors: plan.errors, imported, notImported, failure };
}

/** The settings page's import: a project admin only (the resolver checks), every organization of the service desk. */
export async function importEnvironments(ports: AppPorts, viewer: Viewer, input: { csv: string; dryRun: boolean }): Promise<ImportReport> {
  if (viewer.accountType !== 'licensed' || viewer.surface !== 'admin') refuse('projectAdmin', 'the environment import runs from the project settings page, for a project admin', { field: 'account' });
  const permissions = await ports.jira.projectPermissionsOf(viewer.accountId, viewer.projectKey);
  if (!permissions.has('ADMINISTER_PROJECTS')) refuse('projectAdmin', `only an administrator of project ${viewer.projectKey} imports environments`, { field: 'account' });
  const actor: RegistryActor = { accountId: viewer.accountId, role: PROJECT_ADMIN_ROLE };
  const now = ports.clock.now();
  const plan = await planImport(ports, input.csv, actor, now);
  if (input.dryRun) return reportOf(true, plan, plan.planned.map((p) => p.organization), [], null);
  if (plan.errors.length > 0) {
    const listed = plan.errors.slice(0, 10).map((e) => `row ${e.row}, ${e.column}: ${e.message}`).join('; ');
    const first = plan.errors[0]!;
    refuse('importRowsInvalid', `${plan.errors.length} row${plan.errors.length === 1 ? '' : 's'} refused, nothing was imported: ${listed}${plan.errors.length > 10 ? '; …' : ''}`, { field: `row ${first.row}: ${first.column}` });
  }
  const imported: Organization[] = [];
  for (const [index, planned] of plan.planned.entries()) {
    try {
      await commitOrganization(ports, planned, input.csv, actor);
      imported.push(planned.organization);
    } catch (error) {
      const rest = plan.planned.slice(index).map((p) => p.organization);
      const why = error instanceof PlanRefusal || error instanceof ConcurrentChangeError ? error.message : 'the storage did not take the write';
      if (!(error instanceof PlanRefusal) && !(error instanceof ConcurrentChangeError)) console.error('environment import stopped', error);
      return reportOf(false, plan, imported, rest, `${planned.organization.name} was not imported (${why}); ${imported.length ? `${imported.map((o) => o.name).join(', ')} ${imported.length === 1 ? 'was' : 'were'} imported` : 'nothing was imported'}. Importing the same file again is safe: the rows already imported are recognised.`);
    }
  }
  // Who imported is named in the registries now: remembered as Jira names them, so the panels write their name.
  if (imported.length > 0) await namesOfPeople(ports, await ports.plans.loadSettings(viewer.projectKey), [viewer.accountId]);
  return reportOf(false, plan, imported, [], null);
}

/** One organization's registry and its audit entries in one transaction; planned again from a fresh read when someone wrote first. */
async function commitOrganization(ports: AppPorts, planned: Planned, csv: string, actor: RegistryActor): Promise<void> {
  let current = planned;
  for (let attempt = 0; attempt < MAX_CONCURRENT_RETRIES; attempt += 1) {
    const audit: AuditEntry[] = current.changes.map((c) => c.entry);
    if (audit.length + 1 > KVS_TRANSACTION_MAX_OPERATIONS) refuse('importTooLarge', `${planned.organization.name}: ${audit.length} changes do not fit one storage transaction`, { field: 'csv' });
    try {
      await ports.plans.commitRegistry(chainedRegistryCommit(current.loaded, current.changes.at(-1)!.registry, audit));
      return;
    } catch (error) {
      if (!(error instanceof ConcurrentChangeError)) throw error;
      const fresh = await ports.plans.loadRegistry(planned.organization.id);
      const again = await planImport(ports, csv, actor, ports.clock.now(), new Map([[planned.organization.id, fresh]]));
      const rowErrors = again.errors.filter((e) => planned.rows.includes(e.row));
      if (rowErrors.length > 0) refuse('importRowsInvalid', `someone changed ${planned.organization.name}'s registry meanwhile: row ${rowErrors[0]!.row}, ${rowErrors[0]!.column}: ${rowErrors[0]!.message}`, { field: `row ${rowErrors[0]!.row}: ${rowErrors[0]!.column}` });
      const next = again.planned.find((p) => p.organization.id === planned.organization.id);
      if (!next) return;
      current = next;
    }
  }
  throw new ConcurrentChangeError(planned.organization.id);
}
