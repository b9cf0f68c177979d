import type { Plan } from '../../../src/domain/playbook';
import { definePlaybook } from '../../../src/domain/playbooks/define';

/** A made-up fourth playbook, declared as data only: descaling the office coffee machine. */
export interface DescalingFacts {
  ticketKey: string;
}

export const DESCALING_KIND = 'descaling';
export type DescalingPlan = Plan<DescalingFacts, typeof DESCALING_KIND>;

export const DESCALING_PLAYBOOK = definePlaybook<DescalingFacts, typeof DESCALING_KIND>({
  kind: DESCALING_KIND,
  title: 'Coffee machine descaling',
  phases: [
    { id: 'prepare', name: 'Prepare', expectedLength: 'A morning', workingDays: 1, documents: [{ id: 'checklist', name: 'Safety checklist', description: 'Signed before the acid goes in.', roles: ['IQVIA Support'] }] },
    { id: 'run', name: 'Run', expectedLength: 'An hour', workingDays: 1, trigger: { sender: 'IQVIA Support', message: 'Coffee is back.' } },
  ],
  steps: [
    { number: 1, phase: 'prepare', roles: ['IQVIA Support'], activity: 'Empty the water tank.', notes: '', requires: [] },
    { number: 2, phase: 'run', roles: ['IQVIA Support'], activity: 'Run the descaling programme.', notes: '', requires: [1] },
    {
      number: 3,
      phase: 'run',
      roles: ['Customer'],
      activity: 'Taste the coffee.',
      notes: '',
      requires: [2],
      decision: {
        options: [
          { id: 'Good', label: 'Good', consequence: 'Done.', reasonRequired: false },
          { id: 'Bad', label: 'Bad', consequence: 'Descale again.', reasonRequired: true, restartsSteps: [2, 3] },
        ],
      },
    },
  ],
  ticketOf: (plan) => plan.facts.ticketKey,
});
