import { DEMO_FORM_FIELD_IDS } from '../demo/cast';
import type { RequestForm } from '../demo/driver';
import { adfParagraph, ORGANIZATIONS_FIELD, REQUEST_TYPE_FIELD, type SiteConfig } from '../jira';

export type FormField = 'targetVersion' | 'currentVersion' | 'instances' | 'keepConfigurations' | 'preferredSlots' | 'scenario';

/**
 * The portal's request forms: which fields each request type asks for. A PROD go-live names the version PROD goes live
 * at (the target version field); an implementation its scenario.
 */
export const REQUEST_TYPE_FIELDS: Readonly<Record<string, readonly FormField[]>> = {
  'Upgrade request': ['targetVersion', 'currentVersion', 'instances'],
  'VAL environment request': ['targetVersion', 'currentVersion', 'instances', 'keepConfigurations'],
  'Validation issue': ['targetVersion'],
  'PROD upgrade request': ['targetVersion', 'currentVersion', 'instances', 'keepConfigurations', 'preferredSlots'],
  'PROD go-live': ['targetVersion'],
  Implementation: ['scenario'],
};

/** The implementation lifecycle's scenarios, as the demo site's Jira admin worded the form for their vendor, IQVIA (src/domain/lifecycle/phases.ts scenarioName). */
export const SCENARIO_OPTIONS = [
  { value: 'A', label: 'A — Customer IS: you provision the cloud capabilities and grant the agreed IAM permissions' },
  { value: 'B', label: 'B — IQVIA IS: you provide the data feeds or integration credentials' },
] as const;
export type ScenarioAnswer = (typeof SCENARIO_OPTIONS)[number]['value'];
export const isScenarioAnswer = (value: unknown): value is ScenarioAnswer => SCENARIO_OPTIONS.some((o) => o.value === value);

/** A field's label on one request type's form, where it differs from FIELD_LABELS (the go-live's version). */
export function fieldLabel(requestType: string, field: FormField): string {
  if (requestType === 'PROD go-live' && field === 'targetVersion') return 'Go-live version';
  return FIELD_LABELS[field];
}

/** The instances the form offers (Sandbox too: the app explains why it is out of scope). */
export const INSTANCE_OPTIONS = ['VAL', 'PROD MAIN', 'PROD TEST', 'Sandbox MAIN', 'Sandbox TEST'] as const;

/** Field labels as the portal shows them. */
export const FIELD_LABELS: Readonly<Record<FormField, string>> = {
  targetVersion: 'Target version',
  currentVersion: 'Current version',
  instances: 'Instances',
  keepConfigurations: 'Configurations to keep',
  preferredSlots: 'Preferred slots (UTC)',
  scenario: 'Scenario',
};

/**
 * The body of `POST /rest/api/3/issue` for a portal request, with the answers in the custom fields the app reads
 * (the demo site's DEMO_FORM_FIELD_IDS, which the app finds by name): versions and instances as select-list options (`{ value }`),
 * the configurations to keep and the preferred slots as text, one per line, the scenario as its letter ("A" or "B":
 * the app reads the field as text).
 */
export function createIssueBody(config: SiteConfig, form: RequestForm, organizationIds: readonly string[]): { fields: Record<string, unknown> } {
  const type = config.requestTypes.find((t) => t.name === form.requestType);
  if (!type) throw new Error(`unknown request type "${form.requestType}"`);
  const f = DEMO_FORM_FIELD_IDS;
  const option = (value: string | undefined) => (value ? { value } : undefined);
  const lines = (values: readonly string[] | undefined) => (values && values.length > 0 ? values.join('\n') : undefined);
  const fields: Record<string, unknown> = {
    project: { key: config.project.key },
    issuetype: { id: type.issueTypeId },
    summary: form.summary,
    ...(form.description ? { description: adfParagraph(form.description) } : {}),
    [REQUEST_TYPE_FIELD]: type.id,
    [ORGANIZATIONS_FIELD]: organizationIds.map(Number),
    [f.targetVersion]: option(form.targetVersion),
    [f.currentVersion]: option(form.currentVersion),
    [f.instances]: form.instances && form.instances.length > 0 ? form.instances.map((value) => ({ value })) : undefined,
    [f.keepConfigurations]: lines(form.keepConfigurations),
    [f.preferredSlots]: lines(form.preferredSlots),
    [f.scenario]: form.scenario,
  };
  for (const [key, value] of Object.entries(fields)) if (value === undefined) delete fields[key];
  return { fields };
}

const ISO_INSTANT = /\b(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(?::\d\d(?:\.\d+)?)?Z\b/g;

/** A custom field's value as text for a page: options by their value, lists joined, instants as `2026-03-01 08:00 UTC`. */
export function fieldText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.replace(ISO_INSTANT, '$1 $2 UTC');
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(fieldText).filter(Boolean).join(', ');
  if (typeof value === 'object') {
    const v = value as { value?: unknown; name?: unknown };
    return fieldText(v.value ?? v.name ?? '');
  }
  return String(value);
}
