import type { PhaseDefinition, Plan, StepDefinition } from '../playbook';
import { definePlaybook } from '../playbooks/define';
import type { SignatureMeaning } from '../signatures';

/** What the PROD go-live plan knows besides its steps. */
export interface GoLiveFacts {
  ticketKey: string;
  /** The ClinSpark version PROD goes live at. */
  version: string;
}

export const GO_LIVE_KIND = 'prod-go-live';
export type GoLivePlan = Plan<GoLiveFacts, typeof GO_LIVE_KIND>;
export const IQ_DOCUMENTATION = 'iq-documentation';
export const IQ_STEP = 5;
export const FINAL_QC_STEP = 6;

export const GO_LIVE_PHASES: readonly PhaseDefinition[] = [
  {
    id: 'go-live',
    name: 'PROD go-live',
    expectedLength: 'Not stated in the source document',
    workingDays: null,
    // No length stated: the IQVIA PM, who drives the plan, sets its end (rule 9).
    plannedBy: ['IQVIA PM'],
    documents: [
      {
        id: IQ_DOCUMENTATION,
        name: 'Formal IQ documentation',
        description: 'PROD environments receive IQ documentation.',
        roles: ['IQVIA Engineer'],
        afterStep: 4,
      },
    ],
  },
];

const FH = 'The source document names FH (Foundry Health).';
const CUSTOMER = 'The source document names the Customer.';

/** The six PROD "go-live" steps of seed 001, word for word; FH (Foundry Health) work is the IQVIA engineer's. */
export const GO_LIVE_STEPS: readonly StepDefinition[] = [
  { number: 1, phase: 'go-live', roles: ['Customer'], activity: 'provide FH with final source DB dump/files and any other related files.', notes: CUSTOMER, requires: [], unskippable: true },
  { number: 2, phase: 'go-live', roles: ['IQVIA Engineer'], activity: 'extract configuration from the source ClinSpark instance agreed upon by the customer', notes: FH, requires: [1], unskippable: true },
  { number: 3, phase: 'go-live', roles: ['IQVIA Engineer'], activity: 'run the migration program to produce the new ClinSpark instance', notes: FH, requires: [2], unskippable: true },
  { number: 4, phase: 'go-live', roles: ['IQVIA Engineer'], activity: 'populate, configure, review the final PROD Main instance', notes: FH, requires: [3], unskippable: true },
  { number: IQ_STEP, phase: 'go-live', roles: ['IQVIA Engineer'], activity: 'provide formal IQ documentation', notes: FH, requires: [4], unskippable: true, producesDocuments: [IQ_DOCUMENTATION] },
  {
    number: FINAL_QC_STEP,
    phase: 'go-live',
    roles: ['Customer'],
    activity: 'perform final QC check',
    notes: CUSTOMER,
    requires: [IQ_STEP],
    unskippable: true,
    // The customer's final QC is of a PROD whose IQ documentation is on record.
    requiresDocuments: [IQ_DOCUMENTATION],
  },
];

/** The go-live's decisive act: the engineer's formal IQ documentation of PROD, signed with the document it records. */
export const GO_LIVE_SIGNATURES: readonly SignatureMeaning[] = [{ step: IQ_STEP, action: 'complete', meaning: 'IQ documentation: PROD is installed and qualified as documented' }];

export const GO_LIVE_PLAYBOOK = definePlaybook<GoLiveFacts, typeof GO_LIVE_KIND>({
  kind: GO_LIVE_KIND,
  title: 'PROD go-live',
  phases: GO_LIVE_PHASES,
  steps: GO_LIVE_STEPS,
  signatures: GO_LIVE_SIGNATURES,
  ticketOf: (plan) => plan.facts.ticketKey,
});
