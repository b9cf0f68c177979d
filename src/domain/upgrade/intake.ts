import { createRegistry, upgradeContextOf } from '../environments/registry';
import { refuse } from '../errors';
import { planIdFor, type TicketIntake, type TicketRequest } from '../kind';
import { requireKnownRelease, versionsOf } from '../releases';
import { isVersion } from '../version';
import { COMPLETE_PHASE, summarizePlan } from '../summary';
import { attachTicket, createUpgradePlan, type UpgradePlan } from './plan';
import { UPGRADE_PLAYBOOK } from './playbook';
import { FORWARD_COMPATIBILITY_WARNING, validateDetails, type RequestDetails, type RequestTicketKind } from './request';

const VALIDATION_ISSUE = 'validationIssue';

/** The request's details as the upgrade reads them (the form's answers but the scenario). */
function detailsOf(request: TicketRequest): RequestDetails & { currentVersion?: string } {
  const { scenario: _scenario, ...details } = request.form;
  return details as RequestDetails & { currentVersion?: string };
}

const isOpen = (plan: UpgradePlan): boolean => summarizePlan(UPGRADE_PLAYBOOK, plan, []).phase !== COMPLETE_PHASE;

/**
 * How tickets start or join an upgrade plan: one plan per organization and target version. A request (intent, VAL,
 * PROD) starts it or joins it; a validation issue joins the plan of its target version, or the organization's one
 * open upgrade plan when it names none.
 */
export const UPGRADE_INTAKE: TicketIntake<UpgradePlan> = {
  target: (request) => {
    const target = request.form.targetVersion;
    if (target) return { planId: planIdFor(request.organizationId, target) };
    if (request.ticketKind !== VALIDATION_ISSUE) refuse('requestComplete', 'targetVersion is missing: say which ClinSpark version to upgrade to.', { field: 'targetVersion' });
    return {
      choose: (plans) => {
        const open = plans.filter(isOpen);
        if (open.length !== 1) {
          refuse('requestComplete', open.length === 0 ? 'no upgrade plan of your organization matches it; name the target version.' : 'several upgrade plans of your organization are open; name the target version.', { field: 'targetVersion' });
        }
        return open[0]!;
      },
    };
  },
  readsRegistry: true,
  start: (request, context, now) => {
    if (request.ticketKind === VALIDATION_ISSUE) refuse('requestComplete', 'no upgrade plan of your organization matches it; name the target version.', { field: 'targetVersion' });
    const details = detailsOf(request);
    // A plan is made for a release the catalogue knows: rule 2 reads the releases the upgrade crosses from it.
    if (isVersion(details.targetVersion)) requireKnownRelease(context.releases, details.targetVersion, 'targetVersion');
    // Rule 3 and the current version come from the customer's environment registry, not from the form, when it knows them.
    const environments = upgradeContextOf(context.registry ?? createRegistry(request.organizationId));
    return createUpgradePlan(
      {
        ...details,
        organizationId: request.organizationId,
        reporterAccountId: request.reporterAccountId ?? request.actorAccountId,
        ticket: { key: request.key, kind: request.ticketKind as RequestTicketKind },
        currentVersion: environments.prodVersion ?? details.currentVersion ?? '',
        targetVersion: details.targetVersion ?? '',
      },
      { planId: planIdFor(request.organizationId, details.targetVersion ?? ''), releases: versionsOf(context.releases), valPairExists: environments.valPairExists, roles: context.roles },
      now,
    );
  },
  join: (plan, request, now) => {
    const reporter = request.reporterAccountId ? { reporter: request.reporterAccountId } : {};
    if (request.ticketKind === VALIDATION_ISSUE) return attachTicket(plan, { key: request.key, kind: VALIDATION_ISSUE, ...reporter }, { accountId: request.reporterAccountId ?? 'unknown' }, now);
    // A request joining a plan passes the rules a request starting one does (rule 1 among them), whatever its kind.
    validateDetails(detailsOf(request), now);
    return attachTicket(plan, { key: request.key, kind: request.ticketKind as RequestTicketKind, details: detailsOf(request), ...reporter }, { accountId: request.actorAccountId }, now);
  },
  nameOf: (plan) => `the upgrade plan to ClinSpark ${plan.facts.targetVersion}`,
  welcomeNotes: (plan) => {
    const kept = [plan.facts.details.valRequest, plan.facts.details.prodRequest].map((d) => d?.configuration).find((c) => c?.mode === 'keep-listed');
    return kept?.mode === 'keep-listed' ? [`You asked to keep these configurations at their current version: ${kept.keep.join(', ')}. ${FORWARD_COMPATIBILITY_WARNING}`] : [];
  },
  joinedText: (plan, request) =>
    request.ticketKind === VALIDATION_ISSUE ? `${request.key} is linked to the upgrade plan to ClinSpark ${plan.facts.targetVersion} as a validation issue (stage 10). Stage 11 waits until it is resolved.` : undefined,
};
