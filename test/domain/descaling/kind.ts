import { defineKind } from '../../../src/domain/kind';
import { DESCALING_KIND, DESCALING_PLAYBOOK, type DescalingPlan } from './playbook';

/** The fourth kind: everything the application layer and the panels need of it, from its playbook and a few lines. */
export const DESCALING = defineKind<DescalingPlan>({
  kind: DESCALING_KIND,
  ticketLabels: { descaling: 'Descaling request' },
  playbookOf: () => DESCALING_PLAYBOOK,
  titleOf: () => 'Coffee machine descaling',
  versionOf: () => '',
  ticketsOf: (plan) => [{ key: plan.facts.ticketKey, kind: 'descaling', resolved: false }],
  workTicketOf: (plan) => plan.facts.ticketKey,
  guidance: (_plan, step) => (step === 2 ? 'Use the citric acid, not the vinegar.' : null),
});
