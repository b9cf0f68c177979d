import { ORGANIZATIONS, PEOPLE } from './cast';
import type { Answer, DemoDriver } from './driver';
import type { Timeline } from './timeline';

/** A day `days` before the timeline's now, as the import and the forms write it (yyyy-MM-dd). */
const dayAgo = (timeline: Timeline, days: number): string => timeline.daysAgo(days).toISOString().slice(0, 10);

/** The project admin on the settings page's Environments section, as a person does it: a refusal stops the seeding. */
function onSettingsPage(driver: DemoDriver, functionKey: string, payload: Record<string, unknown>): () => Promise<void> {
  return async () => {
    const answer: Answer = await driver.invoke(PEOPLE.admin, 'settings', undefined, functionKey, payload);
    if (!answer.ok) throw new Error(`${functionKey} refused: ${answer.error.rule}: ${answer.error.message}`);
    const report = answer.data as { errors?: { row: number; column: string; message: string }[]; failure?: string | null };
    if (report.errors?.length) throw new Error(`${functionKey}: row ${report.errors[0]!.row}, ${report.errors[0]!.column}: ${report.errors[0]!.message}`);
    if (report.failure) throw new Error(`${functionKey}: ${report.failure}`);
  };
}

/**
 * The customers' environments as the admin put them into the app: the ones that existed when the registry came into
 * use (300 days ago) imported from one CSV file, as they stood, with the days they were provided and their IQ
 * documentation; what happened after through the settings page's Environments section (edits with a reason, new
 * environments registered as the engineers provided them). Acme Clinical Research then runs PROD and a VAL pair at 24.2;
 * Globex Pharma runs PROD at 24.1 and has no VAL pair any more; Northwind Trials is mid-migration (Demo and Sandbox,
 * the Migration instance and a VAL dry run at 25.1, PROD being provisioned for go-live).
 */
export function environmentHistory(driver: DemoDriver, timeline: Timeline): void {
  const { acme, globex, northwind, initech } = ORGANIZATIONS;
  const d = (days: number) => dayAgo(timeline, days);
  // No field holds a comma or a quote: each row is its cells joined, as a spreadsheet saves them.
  const csv = [
    ['organization', 'kind', 'instances', 'version', 'state', 'provided on', 'iq reference', 'iq date', 'iq version', 'sandbox origin', 'carried over', 'contract signed', 'source migrated', 'reason'],
    [acme.name, 'PROD', 'MAIN+TEST', '24.1', 'active', d(540), 'IQ-ACME-PROD-24.1', d(535), '24.1', '', '', d(620), '', 'Go-live'],
    [acme.name, 'VAL', 'MAIN+TEST', '24.2', 'active', d(299), 'IQ-ACME-VAL-24.2', d(294), '24.2', '', '', '', '', 'Validation of the 24.2 upgrade'],
    [globex.name, 'Demo', 'MAIN', '23.4', 'active', d(800), '', '', '', '', '', '', '', 'Demo for Globex'],
    [globex.name, 'Sandbox', 'MAIN+TEST', '23.4', 'active', d(780), '', '', '', 'Demo', '', d(782), 'yes', 'Cloned from Demo at contract signing'],
    [globex.name, 'PROD', 'MAIN+TEST', '24.1', 'active', d(440), 'IQ-GLX-PROD-24.1', d(435), '24.1', '', '', '', '', 'Go-live'],
    [initech.name, 'PROD', 'MAIN+TEST', '25.2', 'active', d(380), 'IQ-INI-PROD-25.2', d(376), '25.2', '', '', '', '', 'Go-live'],
  ]
    .map((row) => row.join(','))
    .join('\r\n');
  timeline.add(timeline.daysAgo(290, '10:00'), 'Morgan Lee imports the existing environments of Acme, Globex and Initech (CSV)', onSettingsPage(driver, 'importEnvironments', { csv, dryRun: false }));

  // Acme's PROD was upgraded to 24.2 before the upgrade planner ran its upgrades: recorded as edits, with their reasons.
  const edit = (days: number, time: string, what: string, payload: Record<string, unknown>) => timeline.add(timeline.daysAgo(days, time), `Morgan Lee: ${what}`, onSettingsPage(driver, 'editEnvironment', payload));
  edit(250, '07:00', 'Acme PROD upgrading to 24.2', { organizationId: acme.id, instance: 'PROD', state: 'upgrading', version: '24.2', reason: 'Upgrade to 24.2 (before the upgrade planner)' });
  edit(250, '11:30', 'Acme PROD at 24.2', { organizationId: acme.id, instance: 'PROD', state: 'active', reason: 'Upgrade to 24.2 complete' });
  edit(249, '10:00', 'IQ documentation of Acme PROD at 24.2', { organizationId: acme.id, instance: 'PROD', iqDocumentation: { reference: 'IQ-ACME-PROD-24.2', documentedOn: d(249), version: '24.2' }, reason: 'IQ of the 24.2 upgrade' });

  // Northwind is onboarded after the registry came into use: each environment registered as the engineers provide it.
  const register = (days: number, what: string, payload: Record<string, unknown>) => timeline.add(timeline.daysAgo(days, '11:00'), `Morgan Lee: ${what}`, onSettingsPage(driver, 'registerEnvironment', { organizationId: northwind.id, ...payload }));
  register(200, 'Northwind Demo 25.1', { environment: { kind: 'Demo', version: '25.1', providedOn: d(200), reason: 'Demo for Northwind' } });
  register(180, 'Northwind Sandbox cloned from Demo', {
    environment: { kind: 'Sandbox', version: '25.1', providedOn: d(180), origin: { from: 'Demo', carriedOver: ['roles', 'sites', 'general-settings', 'labs', 'barcode-labels'] }, reason: 'Contract signed: Sandbox pair' },
    onboarding: { contractSignedOn: d(182) },
  });
  register(60, 'Northwind Migration (provisioning)', { environment: { kind: 'Migration', version: '25.1', state: 'provisioning', providedOn: d(60), reason: 'Source database migration' }, onboarding: { sourceDatabaseMigrated: true } });
  edit(52, '11:00', 'Northwind Migration ready', { organizationId: northwind.id, instance: 'Migration', state: 'active', reason: 'Migration output ready for the customer\'s review' });
  register(50, 'Northwind VAL 25.1 (provisioning)', { environment: { kind: 'VAL', version: '25.1', state: 'provisioning', providedOn: d(50), reason: 'General configuration plus migration output: the dry run of PROD' } });
  edit(45, '15:00', 'Northwind VAL documented and ready', { organizationId: northwind.id, instance: 'VAL', state: 'active', iqDocumentation: { reference: 'IQ-NW-VAL-25.1', documentedOn: d(45), version: '25.1' }, reason: 'IQ documentation delivered; VAL ready' });
  register(17, 'Northwind PROD 25.1 (provisioning)', { environment: { kind: 'PROD', version: '25.1', state: 'provisioning', providedOn: d(17), reason: 'Go-live' } });
}
