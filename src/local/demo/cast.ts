import type { AppSettings, FormFieldKey } from '../../app/settings';
import type { Release } from '../../domain/releases';
import { defaultSettings } from '../../app/settings';
import { MULTI_SELECT, SELECT_LIST, TEXT_AREA, TEXT_FIELD, type CustomFieldConfig, type JiraUserInput, type OrganizationRecord } from '../jira';

/** A demo person: who they are in Jira, and what they do (for the person switcher). */
export interface DemoPerson extends JiraUserInput {
  /** Short key used by the demo script. */
  readonly key: string;
  readonly title: string;
  readonly accountType: 'atlassian' | 'customer';
  readonly emailAddress: string;
}

export const DEMO_PROJECT_KEY = 'FHSD';

export const ORGANIZATIONS = {
  acme: { id: '1', name: 'Acme Clinical Research' },
  globex: { id: '2', name: 'Globex Pharma' },
  northwind: { id: '3', name: 'Northwind Trials' },
  initech: { id: '4', name: 'Initech Biosciences' },
} as const satisfies Record<string, OrganizationRecord>;

export const DEMO_ORGANIZATION_LIST: readonly OrganizationRecord[] = Object.values(ORGANIZATIONS);

const agent = (key: string, accountId: string, displayName: string, emailAddress: string, title: string, isAdmin = false): DemoPerson => ({ key, accountId, displayName, emailAddress, title, accountType: 'atlassian', isAdmin, timeZone: 'Europe/London' });
const customer = (key: string, organizationId: string, displayName: string, emailAddress: string, title: string, timeZone: string): DemoPerson => ({
  key,
  accountId: `qm:demo-${key}`,
  displayName,
  emailAddress,
  title,
  accountType: 'customer',
  organizationIds: [organizationId],
  timeZone,
});

/** One person for every role: IQVIA's service desk team, a project admin, and two customers per organization. */
export const PEOPLE = {
  pm: agent('pm', '5d1f0a6e3c8b2a0c4e7d1001', 'Priya Patel', 'priya.patel@iqvia.example', 'IQVIA PM'),
  engineer: agent('engineer', '5d1f0a6e3c8b2a0c4e7d1002', 'Erik Larsen', 'erik.larsen@iqvia.example', 'IQVIA Engineer'),
  support: agent('support', '5d1f0a6e3c8b2a0c4e7d1003', 'Sofia Rossi', 'sofia.rossi@iqvia.example', 'IQVIA Support'),
  specialist: agent('specialist', '5d1f0a6e3c8b2a0c4e7d1004', 'Samuel Okafor', 'samuel.okafor@iqvia.example', 'Solution Specialist'),
  admin: agent('admin', '5d1f0a6e3c8b2a0c4e7d1005', 'Morgan Lee', 'morgan.lee@iqvia.example', 'Project admin (service desk settings)', true),
  carla: customer('carla', ORGANIZATIONS.acme.id, 'Carla Mendes', 'carla.mendes@acme.example', 'Customer POC, Go/No-Go decision maker', 'America/New_York'),
  victor: customer('victor', ORGANIZATIONS.acme.id, 'Victor Huang', 'victor.huang@acme.example', 'Customer validation lead', 'America/New_York'),
  gina: customer('gina', ORGANIZATIONS.globex.id, 'Gina Park', 'gina.park@globex.example', 'Customer POC', 'Europe/Berlin'),
  hugo: customer('hugo', ORGANIZATIONS.globex.id, 'Hugo Brandt', 'hugo.brandt@globex.example', 'Customer validation lead', 'Europe/Berlin'),
  nadia: customer('nadia', ORGANIZATIONS.northwind.id, 'Nadia Novak', 'nadia.novak@northwind.example', 'Customer POC', 'Europe/Prague'),
  omar: customer('omar', ORGANIZATIONS.northwind.id, 'Omar Haddad', 'omar.haddad@northwind.example', 'Customer validation lead', 'Europe/London'),
  ines: customer('ines', ORGANIZATIONS.initech.id, 'Ines Duarte', 'ines.duarte@initech.example', 'Customer POC, validation lead', 'Europe/Lisbon'),
} as const satisfies Record<string, DemoPerson>;

export type PersonKey = keyof typeof PEOPLE;

/**
 * The signing passphrases the demo's signers set in the app (Part 11: the second component of their signature, the
 * first being their account), so that anyone trying the demo can sign as them. A real site's people choose their own.
 */
export const DEMO_SIGNING_PASSPHRASES: Readonly<Partial<Record<PersonKey, string>>> = {
  carla: 'carla signs for acme',
  nadia: 'nadia signs for northwind',
  gina: 'gina signs for globex',
  ines: 'ines signs for initech',
  engineer: 'erik signs the iq documentation',
};
export const DEMO_PEOPLE: readonly DemoPerson[] = Object.values(PEOPLE);

/** ClinSpark releases the service desk knows, oldest first, as the admin keeps them: the day each came out and its notes. */
export const RELEASES = [
  { version: '24.1', date: '2024-02-12', notesUrl: 'https://docs.clinspark.example/releases/24.1' },
  { version: '24.2', date: '2024-06-03', notesUrl: 'https://docs.clinspark.example/releases/24.2' },
  { version: '24.3', date: '2024-10-14', notesUrl: 'https://docs.clinspark.example/releases/24.3' },
  { version: '25.1', date: '2025-02-17', notesUrl: 'https://docs.clinspark.example/releases/25.1' },
  { version: '25.2', date: '2025-06-09', notesUrl: 'https://docs.clinspark.example/releases/25.2' },
  { version: '25.3', date: '2025-10-20', notesUrl: 'https://docs.clinspark.example/releases/25.3' },
] as const satisfies readonly Release[];

/** The project's app settings as the admin saves them on the settings page: roles per organization, releases, the standard calendar (names come from Jira). */
export function demoSettings(): AppSettings {
  const ids = (...people: DemoPerson[]) => people.map((p) => p.accountId);
  return {
    ...defaultSettings(DEMO_PROJECT_KEY),
    roles: {
      projectDefault: {
        'IQVIA PM': ids(PEOPLE.pm),
        'IQVIA Engineer': ids(PEOPLE.engineer),
        'IQVIA Support': ids(PEOPLE.support),
        'Solution Specialist': ids(PEOPLE.specialist),
      },
      organizations: {
        [ORGANIZATIONS.acme.id]: { Customer: ids(PEOPLE.carla, PEOPLE.victor) },
        [ORGANIZATIONS.globex.id]: { Customer: ids(PEOPLE.gina, PEOPLE.hugo) },
        [ORGANIZATIONS.northwind.id]: { Customer: ids(PEOPLE.nadia, PEOPLE.omar) },
        [ORGANIZATIONS.initech.id]: { Customer: ids(PEOPLE.ines) },
      },
    },
    releases: RELEASES.map((release) => ({ ...release })),
    // ClinSpark's vendor, as domain.md's roles name it (IQVIA PM, IQVIA Engineer): the implementation lifecycle speaks as IQVIA.
    vendorName: 'IQVIA',
  };
}

/** The demo site's request form fields: ids Jira gave them when the Jira admin created them (the app finds them by name). */
export const DEMO_FORM_FIELD_IDS = {
  currentVersion: 'customfield_10100',
  targetVersion: 'customfield_10101',
  instances: 'customfield_10102',
  keepConfigurations: 'customfield_10103',
  preferredSlots: 'customfield_10104',
  scenario: 'customfield_10105',
} as const satisfies Record<FormFieldKey, string>;

/** The request form's custom fields as the demo site's Jira lists them: names (the app's default names) and types. */
export const DEMO_CUSTOM_FIELDS: readonly CustomFieldConfig[] = [
  { id: DEMO_FORM_FIELD_IDS.currentVersion, name: 'Current version', schema: SELECT_LIST },
  { id: DEMO_FORM_FIELD_IDS.targetVersion, name: 'Target version', schema: SELECT_LIST },
  { id: DEMO_FORM_FIELD_IDS.instances, name: 'Instances', schema: MULTI_SELECT },
  { id: DEMO_FORM_FIELD_IDS.keepConfigurations, name: 'Configurations to keep', schema: TEXT_AREA },
  { id: DEMO_FORM_FIELD_IDS.preferredSlots, name: 'Preferred slots', schema: TEXT_AREA },
  { id: DEMO_FORM_FIELD_IDS.scenario, name: 'Scenario', schema: TEXT_FIELD },
];
