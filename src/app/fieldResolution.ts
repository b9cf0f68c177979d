import { refuse } from '../domain/errors';
import type { AppPorts } from './ports';
import { FORM_FIELD_KEYS, SERVICE_DESK_FIELD_TYPES, type AppSettings, type FieldKey, type FormFieldNames, type ResolvedFields, type ServiceDeskFieldKey } from './settings';

/** A field of Jira's field list (`GET /rest/api/3/field`), as far as the app reads it. */
export interface JiraField {
  id: string;
  name: string;
  custom: boolean;
  schema?: { custom?: string };
}

const ids = (fields: readonly JiraField[]): string => fields.map((f) => f.id).join(', ');

/**
 * Finds the fields the app reads in Jira's field list: Service Management's own by their custom field type, the request
 * form's by the name the admin gave. A name matching no custom field, or several, is refused naming the setting.
 */
export function resolveFields(list: readonly JiraField[], names: FormFieldNames): ResolvedFields {
  const found: Partial<Record<FieldKey, ResolvedFields[FieldKey]>> = {};
  for (const key of Object.keys(SERVICE_DESK_FIELD_TYPES) as ServiceDeskFieldKey[]) {
    const schema = SERVICE_DESK_FIELD_TYPES[key];
    const matches = list.filter((f) => f.schema?.custom === schema);
    if (matches.length === 0) refuse('fieldsFound', `fields.${key}: Jira has no field of type ${schema}; is Jira Service Management on this site?`, { field: `fields.${key}` });
    if (matches.length > 1) refuse('fieldsFound', `fields.${key}: Jira has several fields of type ${schema} (${ids(matches)})`, { field: `fields.${key}` });
    found[key] = { id: matches[0]!.id, foundBy: { schema } };
  }
  for (const key of FORM_FIELD_KEYS) {
    const name = names[key];
    // Jira compares field names without regard to case (JQL, the field search): so does the app.
    const matches = list.filter((f) => f.custom && f.name.trim().toLowerCase() === name.trim().toLowerCase());
    if (matches.length === 0) refuse('fieldsFound', `formFieldNames.${key}: Jira has no custom field named "${name}"`, { field: `formFieldNames.${key}` });
    if (matches.length > 1) refuse('fieldsFound', `formFieldNames.${key}: Jira has several custom fields named "${name}" (${ids(matches)}); rename all but one in Jira`, { field: `formFieldNames.${key}` });
    found[key] = { id: matches[0]!.id, foundBy: { name } };
  }
  return found as ResolvedFields;
}

/** The settings with their fields found: as stored, or found now in Jira's field list and stored so no later invocation asks again. */
export async function withResolvedFields(ports: AppPorts, settings: AppSettings): Promise<AppSettings & { fields: ResolvedFields }> {
  if (settings.fields) return settings as AppSettings & { fields: ResolvedFields };
  const fields = resolveFields(await ports.jira.listFields(), settings.formFieldNames);
  await ports.plans.saveResolvedFields(settings.projectKey, fields);
  return { ...settings, fields };
}
