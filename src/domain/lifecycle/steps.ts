import type { StepDefinition } from '../playbook';
import { scenarioName, UAT_STEP, type Scenario } from './phases';

export const UAT_PASS = 'Pass';
export const UAT_FAIL = 'Fail';
/** A failed UAT returns deployment to Phase 3: readiness, deployment and the UAT run again. */
export const STEPS_RESTARTED_BY_UAT_FAIL = [3, 4, UAT_STEP] as const;
export const DAC_STEP = 6;

const readinessActivity = (scenario: Scenario, vendor: string): string =>
  scenario === 'A' ? `Customer provisions cloud capabilities and grants agreed IAM permissions to ${vendor}.` : 'Customer provides necessary data feeds or integration credentials.';

/** The steps of seed 000, one or two per phase, with its words and the vendor's name for the seed's own; only step 3 differs by scenario. */
export function lifecycleSteps(scenario: Scenario, vendor: string): readonly StepDefinition[] {
  return [
    {
      number: 1,
      phase: 'definition',
      roles: ['IQVIA PM', 'Customer'],
      activity: `${vendor} and Customer collaborate to define the deployment architecture (On-Premise vs. Hosted) and support tier.`,
      notes: 'Before technical work begins, the scope and methodology are formally agreed upon.',
      requires: [],
    },
    {
      number: 2,
      phase: 'contractualization',
      roles: ['IQVIA PM'],
      activity: `${vendor} initiates a contract to sign with the customer, including the documents generated in the previous step in the appendix`,
      notes: 'Both parties agree on the terms of the contract, including the scope and methodology',
      requires: [1],
      unskippable: true,
    },
    {
      number: 3,
      phase: 'readiness',
      roles: ['Customer'],
      activity: readinessActivity(scenario, vendor),
      notes: `${scenarioName(scenario, vendor)}. The Customer prepares the environment based on the methodology agreed in Phase 1.`,
      requires: [2],
      unskippable: true,
      // Its phase's message ("Readiness Confirmation: …") is the customer's: the seed's sender is the Customer.
      byCustomerInPortal: true,
    },
    {
      number: 4,
      phase: 'deployment',
      roles: ['IQVIA Engineer'],
      activity: `${vendor}’s team provisions infrastructure (if applicable) and installs the software suite according to the Deployment Specifications Document.`,
      notes: `${vendor} takes control to execute the technical setup.`,
      requires: [3],
      unskippable: true,
    },
    {
      number: UAT_STEP,
      phase: 'validation',
      roles: ['Customer'],
      activity: 'The Customer performs User Acceptance Testing (UAT) to verify conformity.',
      notes: 'This is the critical gate for moving to production.',
      requires: [4],
      decision: {
        options: [
          { id: UAT_PASS, label: 'Conformity = Pass', consequence: 'The process moves to sign-off.', reasonRequired: false },
          {
            id: UAT_FAIL,
            label: 'Conformity = Fail',
            consequence: `${vendor} iterates on the configuration. Deployment returns to Phase 3.`,
            reasonRequired: true,
            restartsSteps: STEPS_RESTARTED_BY_UAT_FAIL,
          },
        ],
      },
    },
    {
      number: DAC_STEP,
      phase: 'validation',
      roles: ['Customer'],
      activity: 'Submission of the signed DAC.',
      notes: 'Deployment Acceptance Certificate (DAC): A formal document signed by the Customer acknowledging the specification criteria have been met.',
      requires: [UAT_STEP],
      unskippable: true,
      producesDocuments: ['dac'],
    },
    {
      number: 7,
      phase: 'operations',
      roles: ['IQVIA Support', 'IQVIA PM'],
      activity: 'Service runs according to the Support Service Definition agreed upon in Step 1 for the duration of the contract.',
      notes: 'Upon signing the DAC, the project transitions from "Build" to "Run."',
      requires: [DAC_STEP],
      // The signed DAC is the gate from Build to Run.
      requiresDocuments: ['dac'],
    },
    {
      number: 8,
      phase: 'decommissioning',
      roles: ['IQVIA Engineer'],
      activity: `${vendor} initiates the takedown of deployed software and infrastructure.`,
      notes: 'At the contract end, data privacy and resource cleanup are prioritized.',
      requires: [7],
      unskippable: true,
    },
  ];
}
