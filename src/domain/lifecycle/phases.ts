import type { DocumentDefinition, PhaseDefinition } from '../playbook';

/** Scenario A: the customer's infrastructure (IAM permissions); scenario B: the vendor's (data feeds or integration credentials). */
export const SCENARIOS = ['A', 'B'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** The scenarios as the seed names them, with the vendor's name where the seed names its own (Owkin). */
export function scenarioName(scenario: Scenario, vendor: string): string {
  return scenario === 'A' ? 'Scenario A (Customer IS)' : `Scenario B (${vendor} IS)`;
}

// The source document gives the phases no lengths; they are planned with the customer.
const NOT_STATED = 'Not stated in the source document';

export const READINESS_MESSAGE = 'Readiness Confirmation: Permissions granted and environment ready.';
export const DEPLOYMENT_MESSAGE = 'Deployment Complete. The system is ready for validation.';
export const DECOMMISSIONING_MESSAGE = 'Decommissioning complete. Contract formally concluded.';

/** Phase 3's document under each scenario: what the customer sends over the secure channel. */
export function accessDocument(scenario: Scenario, vendor: string): DocumentDefinition {
  return scenario === 'A'
    ? {
        id: 'iam-permissions',
        name: 'Access Credentials (agreed IAM permissions)',
        description: `Scenario A (Customer IS): Customer provisions cloud capabilities and grants agreed IAM permissions to ${vendor}. Access Credentials: (Transmitted via secure channel).`,
        roles: ['Customer'],
        handling: 'secure-channel',
      }
    : {
        id: 'integration-credentials',
        name: 'Access Credentials (data feeds or integration credentials)',
        description: `Scenario B (${vendor} IS): Customer provides necessary data feeds or integration credentials. Access Credentials: (Transmitted via secure channel).`,
        roles: ['Customer'],
        handling: 'secure-channel',
      };
}

/** The source states no phase length: the IQVIA PM, who drives the plan, sets each phase's end (rule 9). */
const PLANNED_BY = ['IQVIA PM'] as const;

/** Stage 5 is the UAT; the DAC is signed only once it passed. */
export const UAT_STEP = 5;

/**
 * The seven phases of seed 000, their documents and their messages; only phase 3 differs by scenario. The vendor's name
 * replaces the seed's own vendor wherever the seed names it, and signs the vendor's messages.
 */
export function lifecyclePhases(scenario: Scenario, vendor: string): readonly PhaseDefinition[] {
  return [
    {
      id: 'definition',
      name: 'Definition & Specification',
      expectedLength: NOT_STATED,
      workingDays: null,
      plannedBy: PLANNED_BY,
      communication: 'Kick-off meeting and formal exchange of the Specification Document.',
      documents: [
        { id: 'deployment-specifications', name: 'Deployment Specifications Document', description: 'Details hardware requirements, network flows, and security protocols.', roles: ['IQVIA PM', 'IQVIA Engineer'] },
        { id: 'support-service-definition', name: 'Support Service Definition', description: 'Defines SLAs, support hours, and incident reporting channels.', roles: ['IQVIA PM'] },
        { id: 'uat-definition', name: 'Specific UAT Definition', description: 'Defines the acceptance criteria of the implementation', roles: ['IQVIA PM', 'Customer'] },
      ],
    },
    {
      id: 'contractualization',
      name: 'Contractualization',
      expectedLength: NOT_STATED,
      workingDays: null,
      plannedBy: PLANNED_BY,
      communication: 'Contract signed and sent to both parties',
      documents: [{ id: 'contract', name: 'Contract', description: 'Details the mutual obligations of the two parties (i.e. scope, duration, pricing)', roles: ['IQVIA PM'] }],
    },
    {
      id: 'readiness',
      name: 'Readiness & Access',
      expectedLength: NOT_STATED,
      workingDays: null,
      plannedBy: PLANNED_BY,
      trigger: { sender: 'Customer', message: READINESS_MESSAGE },
      documents: [accessDocument(scenario, vendor)],
    },
    {
      id: 'deployment',
      name: 'Deployment Execution',
      expectedLength: NOT_STATED,
      workingDays: null,
      plannedBy: PLANNED_BY,
      trigger: { sender: 'IQVIA Engineer', message: DEPLOYMENT_MESSAGE, signedAs: vendor },
      documents: [{ id: 'installation-log', name: 'Installation Log', description: 'Internal record of configuration steps.', roles: ['IQVIA Engineer'] }],
    },
    {
      id: 'validation',
      name: 'Validation & Acceptance',
      expectedLength: NOT_STATED,
      workingDays: null,
      plannedBy: PLANNED_BY,
      communication: 'Validation feedback calls; Submission of the signed DAC.',
      documents: [
        {
          id: 'dac',
          name: 'Deployment Acceptance Certificate (DAC)',
          description: 'A formal document signed by the Customer acknowledging the specification criteria have been met.',
          roles: ['Customer'],
          afterStep: UAT_STEP,
        },
      ],
    },
    {
      id: 'operations',
      name: 'Support & Operations',
      expectedLength: 'For the duration of the contract',
      workingDays: null,
      communication: 'Standard Support Channels (Ticketing System / Support Email). Quarterly Reviews (if applicable to cover business and service topics).',
      documents: [
        { id: 'incident-report', name: 'Incident Reports', description: 'Generated per ticket.', roles: ['IQVIA Support', 'IQVIA Engineer'], maintained: true },
        { id: 'maintenance-log', name: 'Maintenance Logs', description: 'Records of updates/patches.', roles: ['IQVIA Engineer', 'IQVIA Support'], maintained: true },
      ],
    },
    {
      id: 'decommissioning',
      name: 'Decommissioning',
      expectedLength: NOT_STATED,
      workingDays: null,
      plannedBy: PLANNED_BY,
      trigger: { sender: 'IQVIA Engineer', message: DECOMMISSIONING_MESSAGE, signedAs: vendor },
      documents: [{ id: 'decommissioning-report', name: 'Decommissioning Report', description: 'Confirmation that all data has been wiped and access removed.', roles: ['IQVIA Engineer'] }],
    },
  ];
}
