import { recordIqDocumentation, requestEnvironment, transitionInstance, type EnvironmentRegistry, type EnvironmentRequest, type RegistryChange } from '../../domain/environments/registry';
import { KvsPlanRepository } from '../../forge/planStore';
import { ORGANIZATIONS, PEOPLE } from './cast';
import type { DemoDriver } from './driver';
import type { Timeline } from './timeline';

type Change = (registry: EnvironmentRegistry, actor: { accountId: string; role: string }, now: Date) => RegistryChange;

/**
 * One organization's environment registry, built by the domain's own functions and stored as src/forge/planStore.ts
 * stores it (KvsPlanRepository.commitRegistry: the `registry` entity and its audit entries, one transaction per change),
 * by the IQVIA engineer, through the Forge host.
 */
class RegistryHistory {
  private readonly actor = { accountId: PEOPLE.engineer.accountId, role: 'IQVIA Engineer' };

  constructor(
    private readonly organizationId: string,
    private readonly driver: DemoDriver,
    private readonly timeline: Timeline,
  ) {}

  /** Each change reads the stored registry first: plans move it too (stage 6 provides a VAL). */
  private step(at: Date, what: string, change: Change): void {
    this.timeline.add(at, `${this.organizationId}: ${what}`, () =>
      this.driver.runAs(PEOPLE.engineer, async () => {
        const repository = new KvsPlanRepository();
        const current: EnvironmentRegistry = await repository.loadRegistry(this.organizationId);
        const { registry, entry } = change(current, this.actor, new Date());
        await repository.commitRegistry({ registry, expectedRevision: current.revision, audit: [entry] });
      }),
    );
  }

  /** Requested, provisioned, documented (VAL and PROD) and ready, over `days` days starting `daysAgo`. */
  provide(daysAgo: number, request: EnvironmentRequest, iqReference?: string, days = 6): void {
    const names = request.kind === 'VAL' || request.kind === 'PROD' || request.kind === 'Sandbox' ? [`${request.kind} MAIN`, `${request.kind} TEST`] : [request.kind];
    this.step(this.timeline.daysAgo(daysAgo, '09:30'), `request ${request.kind} ${request.version}`, (r, a, now) => requestEnvironment(r, request, a, now));
    for (const name of names) this.step(this.timeline.daysAgo(daysAgo - 1, '10:00'), `${name} provisioning`, (r, a, now) => transitionInstance(r, { instance: name, to: 'provisioning' }, a, now));
    if (iqReference) this.step(this.timeline.daysAgo(daysAgo - days + 1, '15:00'), `IQ documentation of ${request.kind}`, (r, a, now) => recordIqDocumentation(r, { instance: request.kind, reference: iqReference }, a, now));
    for (const name of names) this.step(this.timeline.daysAgo(daysAgo - days, '11:00'), `${name} ready`, (r, a, now) => transitionInstance(r, { instance: name, to: 'active' }, a, now));
  }

  terminate(daysAgo: number, names: readonly string[], reason: string): void {
    for (const name of names) this.step(this.timeline.daysAgo(daysAgo, '16:00'), `${name} terminated`, (r, a, now) => transitionInstance(r, { instance: name, to: 'terminated', reason }, a, now));
  }

  /** An upgrade done before the app was installed: upgrading, then ready at `version`, then its new IQ documentation. */
  upgrade(daysAgo: number, kind: 'PROD', version: string, iqReference: string): void {
    for (const name of [`${kind} MAIN`, `${kind} TEST`]) {
      this.step(this.timeline.daysAgo(daysAgo, '07:00'), `${name} upgrading to ${version}`, (r, a, now) => transitionInstance(r, { instance: name, to: 'upgrading', version, reason: `Upgrade to ${version} (before the upgrade planner)` }, a, now));
      this.step(this.timeline.daysAgo(daysAgo, '11:30'), `${name} at ${version}`, (r, a, now) => transitionInstance(r, { instance: name, to: 'active' }, a, now));
    }
    this.step(this.timeline.daysAgo(daysAgo - 1, '10:00'), `IQ documentation of ${kind} at ${version}`, (r, a, now) => recordIqDocumentation(r, { instance: kind, reference: iqReference }, a, now));
  }

  /** Only requested and provisioning: work under way. */
  start(daysAgo: number, request: EnvironmentRequest, provisioningAfterDays: number): void {
    this.step(this.timeline.daysAgo(daysAgo, '09:30'), `request ${request.kind} ${request.version}`, (r, a, now) => requestEnvironment(r, request, a, now));
    for (const name of [`${request.kind} MAIN`, `${request.kind} TEST`]) {
      this.step(this.timeline.daysAgo(daysAgo - provisioningAfterDays, '10:00'), `${name} provisioning`, (r, a, now) => transitionInstance(r, { instance: name, to: 'provisioning' }, a, now));
    }
  }
}

/**
 * Environments at realistic versions: Acme Clinical Research runs PROD and a VAL pair at 24.2 (upgraded from 24.1
 * last year); Globex Pharma runs PROD at 24.1 and has no VAL pair any more; Northwind Trials is mid-migration
 * (Demo and Sandbox, the Migration instance and a VAL dry run at 25.1, PROD being provisioned for go-live).
 */
export function environmentHistory(driver: DemoDriver, timeline: Timeline): void {
  const acme = new RegistryHistory(ORGANIZATIONS.acme.id, driver, timeline);
  acme.provide(560, { kind: 'VAL', version: '24.1', reason: 'Go-live dry run' }, 'IQ-ACME-VAL-24.1');
  acme.provide(540, { kind: 'PROD', version: '24.1', reason: 'Go-live' }, 'IQ-ACME-PROD-24.1');
  acme.terminate(300, ['VAL MAIN', 'VAL TEST'], 'Replaced by a VAL at 24.2 for the 24.2 upgrade');
  acme.provide(299, { kind: 'VAL', version: '24.2', reason: 'Validation of the 24.2 upgrade' }, 'IQ-ACME-VAL-24.2');
  acme.upgrade(250, 'PROD', '24.2', 'IQ-ACME-PROD-24.2');

  const globex = new RegistryHistory(ORGANIZATIONS.globex.id, driver, timeline);
  globex.provide(800, { kind: 'Demo', version: '23.4' });
  globex.provide(780, { kind: 'Sandbox', version: '23.4', origin: { from: 'Demo' } });
  globex.provide(470, { kind: 'VAL', version: '24.1', reason: 'Go-live dry run' }, 'IQ-GLX-VAL-24.1');
  globex.provide(440, { kind: 'PROD', version: '24.1', reason: 'Go-live' }, 'IQ-GLX-PROD-24.1');
  globex.terminate(400, ['VAL MAIN', 'VAL TEST'], 'Go-live complete; the VAL pair is not kept between upgrades');

  const northwind = new RegistryHistory(ORGANIZATIONS.northwind.id, driver, timeline);
  northwind.provide(200, { kind: 'Demo', version: '25.1' });
  northwind.provide(180, { kind: 'Sandbox', version: '25.1', origin: { from: 'Demo', carriedOver: ['roles', 'sites', 'general-settings', 'labs', 'barcode-labels'] } });
  northwind.provide(60, { kind: 'Migration', version: '25.1', reason: 'Source database migration' }, undefined, 8);
  northwind.provide(50, { kind: 'VAL', version: '25.1', reason: 'General configuration plus migration output: the dry run of PROD' }, 'IQ-NW-VAL-25.1');
  northwind.start(20, { kind: 'PROD', version: '25.1', reason: 'Go-live' }, 3);
}
