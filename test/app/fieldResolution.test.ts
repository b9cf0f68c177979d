import { resolveFields, type JiraField } from '../../src/app/fieldResolution';
import { DEFAULT_FORM_FIELD_NAMES, fieldIdsOf, fieldsMatchNames, defaultSettings } from '../../src/app/settings';
import { PlanRefusal } from '../../src/domain/errors';

const field = (id: string, name: string, custom?: string): JiraField => ({ id, name, custom: id.startsWith('customfield_'), ...(custom ? { schema: { custom } } : {}) });

/** A site whose ids are nothing like the demo's: only names and types tell the fields apart. */
const SITE: JiraField[] = [
  field('summary', 'Summary'),
  field('customfield_20010', 'Request Type', 'com.atlassian.servicedesk:vp-origin'),
  field('customfield_20002', 'Organizations', 'com.atlassian.servicedesk:sd-customer-organizations'),
  field('customfield_20026', 'Request participants', 'com.atlassian.servicedesk:sd-request-participants'),
  field('customfield_30001', 'Current version', 'com.atlassian.jira.plugin.system.customfieldtypes:select'),
  field('customfield_30002', 'Target version', 'com.atlassian.jira.plugin.system.customfieldtypes:select'),
  field('customfield_30003', 'Instances', 'com.atlassian.jira.plugin.system.customfieldtypes:multiselect'),
  field('customfield_30004', 'Configurations to keep', 'com.atlassian.jira.plugin.system.customfieldtypes:textarea'),
  field('customfield_30005', 'Preferred slots', 'com.atlassian.jira.plugin.system.customfieldtypes:textarea'),
  field('customfield_30006', 'Scenario', 'com.atlassian.jira.plugin.system.customfieldtypes:textfield'),
];

function refusalOf(run: () => unknown): PlanRefusal {
  try {
    run();
  } catch (error) {
    if (error instanceof PlanRefusal) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('fields found in Jira\'s field list', () => {
  test('Service Management\'s fields by their type, the form\'s by name; each kept with how it was found', () => {
    const fields = resolveFields(SITE, DEFAULT_FORM_FIELD_NAMES);
    expect(fields.organizations).toEqual({ id: 'customfield_20002', foundBy: { schema: 'com.atlassian.servicedesk:sd-customer-organizations' } });
    expect(fields.requestType.id).toBe('customfield_20010');
    expect(fields.requestParticipants.id).toBe('customfield_20026');
    expect(fields.targetVersion).toEqual({ id: 'customfield_30002', foundBy: { name: 'Target version' } });
    expect(fieldIdsOf({ ...defaultSettings(), fields })).toEqual({
      requestType: 'customfield_20010', organizations: 'customfield_20002', requestParticipants: 'customfield_20026', currentVersion: 'customfield_30001',
      targetVersion: 'customfield_30002', instances: 'customfield_30003', keepConfigurations: 'customfield_30004', preferredSlots: 'customfield_30005', scenario: 'customfield_30006',
    });
  });

  test('a name is compared without case or surrounding spaces, and only with custom fields', () => {
    const names = { ...DEFAULT_FORM_FIELD_NAMES, targetVersion: ' TARGET VERSION ' };
    expect(resolveFields(SITE, names).targetVersion.id).toBe('customfield_30002');
    const refusal = refusalOf(() => resolveFields(SITE, { ...DEFAULT_FORM_FIELD_NAMES, scenario: 'Summary' }));
    expect([refusal.rule, refusal.field]).toEqual(['fieldsFound', 'formFieldNames.scenario']);
  });

  test('a name matching no field, or several, is refused naming the setting and the ids', () => {
    const missing = refusalOf(() => resolveFields(SITE, { ...DEFAULT_FORM_FIELD_NAMES, instances: 'Environments' }));
    expect(missing.field).toBe('formFieldNames.instances');
    expect(missing.message).toBe('formFieldNames.instances: Jira has no custom field named "Environments"');
    const twice = refusalOf(() => resolveFields([...SITE, field('customfield_40000', 'target version')], DEFAULT_FORM_FIELD_NAMES));
    expect(twice.field).toBe('formFieldNames.targetVersion');
    expect(twice.message).toContain('customfield_30002, customfield_40000');
  });

  test('a site without Service Management\'s fields, or with two of a type, is refused naming the field', () => {
    const noOrganizations = refusalOf(() => resolveFields(SITE.filter((f) => f.name !== 'Organizations'), DEFAULT_FORM_FIELD_NAMES));
    expect([noOrganizations.field, noOrganizations.message]).toEqual(['fields.organizations', expect.stringContaining('com.atlassian.servicedesk:sd-customer-organizations')]);
    const two = refusalOf(() => resolveFields([...SITE, field('customfield_50000', 'Customer Request Type', 'com.atlassian.servicedesk:vp-origin')], DEFAULT_FORM_FIELD_NAMES));
    expect(two.field).toBe('fields.requestType');
  });

  test('found fields answer the settings only while their names are the settings\' names', () => {
    const fields = resolveFields(SITE, DEFAULT_FORM_FIELD_NAMES);
    expect(fieldsMatchNames(fields, DEFAULT_FORM_FIELD_NAMES)).toBe(true);
    expect(fieldsMatchNames(fields, { ...DEFAULT_FORM_FIELD_NAMES, scenario: 'Implementation scenario' })).toBe(false);
    expect(() => fieldIdsOf(defaultSettings())).toThrow(/not been found yet/);
  });
});
