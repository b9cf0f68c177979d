import type { PhaseDefinition, StepDefinition } from '../playbook';
import { NO_GO, NO_GO_OPTION, STAGES_RESTARTED_BY_NO_GO } from './noGo';

export { NO_GO, STAGES_RESTARTED_BY_NO_GO };

/** The four phases of the ClinSpark upgrade step plan (seed 002). */
export const UPGRADE_PHASES = [
  { id: 'preparation', name: 'Preparation', expectedLength: 'One-two weeks', workingDays: 10 },
  {
    id: 'validation',
    name: 'Validation',
    expectedLength: 'Three months (depending on the scope and approach taken by the customer)',
    workingDays: 65,
  },
  // The seed leaves its length to discussion: the PM sets its end, or the slot bounds it; no length is invented for it.
  { id: 'prep-for-upgrade', name: 'Prep for Upgrade', expectedLength: 'Time required requires discussion', workingDays: null, plannedBy: ['IQVIA PM'] },
  { id: 'day-of-upgrade', name: 'Day of Upgrade', expectedLength: 'Hours', workingDays: null, onSlot: true },
] as const satisfies readonly PhaseDefinition[];

export type UpgradePhaseId = (typeof UPGRADE_PHASES)[number]['id'];

export const GO = 'Go';

/** The 28 stages, with the seed's responsible party, activity and notes word for word. */
export const UPGRADE_STAGES: readonly StepDefinition[] = [
  {
    number: 1,
    phase: 'preparation',
    roles: ['Customer'],
    activity: 'Review the ClinSpark release notes and technical file documentation via the service desk portal.',
    notes:
      'If upgrading several versions, customers will want to reference all of the release notes from their current version to upgrade version. If available, customers can also reference the applicable release overview area in this documentation site. If customers want to explore the latest release of ClinSpark before proceeding to formal validation they can have access to the ‘community’ dev environment.',
    requires: [],
  },
  {
    number: 2,
    phase: 'preparation',
    roles: ['Customer'],
    activity: 'Expresses intent to upgrade ClinSpark to IQVIA team',
    notes:
      'If customers are engaged in regular meetings with IQVIA PM teams, please share thoughts/plans regarding upgrades. Otherwise, please raise a service desk ticket to engage with the support team on the topic. Note: Sandbox environments are out of the scope of standard upgrade cycles, as they are only normally provided during initial onboarding periods.',
    requires: [],
  },
  {
    number: 3,
    phase: 'preparation',
    roles: ['IQVIA PM'],
    activity:
      "Inform customer that Reports/Dashboards and all other configuration items and integrations are NOT part of the regular ClinSpark release testing process and therefore it needs the Customer's special attention during testing / validation of the new version.",
    notes: 'Key items to focus on:',
    requires: [2],
  },
  {
    number: 4,
    phase: 'preparation',
    roles: ['IQVIA PM'],
    activity:
      'Request Customer to formalise their request for VAL instance (if not done already) in a Service Desk ticket. Aim to provide the timelines for the validation and a planned upgrade slot.',
    notes:
      'If customers already have a VAL instance, the request would be to terminate any prior VAL instances and be provided with a new instance to the upgrade version. If no VAL instance exists yet, the request would be to create the VAL instance.',
    requires: [2],
  },
  {
    number: 5,
    phase: 'preparation',
    roles: ['Customer'],
    activity: 'Create Service Desk ticket requesting upgrade of applicable instance.',
    notes:
      'The ticket must contain all the details requested here: https://foundryhealth.atlassian.net/wiki/spaces/DOCS/pages/3700293727/Upgrading+ClinSpark#Requesting-VAL-Instances The customer must decide on any special considerations for configurations (dashboards, reports, etc). Typically, our approach is to also upgrade all configurations for reports and dashboards to latest available using system synchronization features. System Configurations and Synchronization States Where improved and revised dashboards and reports / exports are bundled with a software release, they may have an effect on downstream processes (processing and analysis by e.g. SAS programs, ingesting into data warehouses), and need to be thoroughly tested. If certain report/dashboard configurations are not expected to be updated to the latest, these need to be specified in the request. We cannot guarantee that older dashboards and reports / exports remain forward compatible with newer versions of ClinSpark.',
    requires: [2],
  },
  {
    number: 6,
    phase: 'preparation',
    roles: ['IQVIA Engineer'],
    activity:
      'Provide / Upgrade Customer VAL environment version, whatever is agreed upon and update the corresponding Service Desk ticket. If updating existing VAL environment, also update all system configurations based upon agreed approach in Service Desk ticket.',
    notes:
      'IQVIA Engineers can share an artifact of the configuration update process, which shows changes applied to configurations int he VAL environment. This document can help guide customers on decisions towards configuration validation activities.',
    requires: [5],
  },
  {
    number: 7,
    phase: 'preparation',
    roles: ['IQVIA PM'],
    activity:
      'Verify with customer they are able to access the VAL environment, and then close the Service Desk ticket. Inform the customer that separate tickets should be raised for an issues/questions arising during validation.',
    notes: 'Users can use self-service password reset to gain access to VAL environments if needed.',
    requires: [6],
  },
  {
    number: 8,
    phase: 'validation',
    roles: ['Customer'],
    activity: 'Inform IQVIA PM of validation scope, if not already done via service desk previously.',
    notes:
      'We recommend that customers perform validation activities around their own specific use of ClinSpark and not replicate our functional testing under simulated business conditions.',
    requires: [],
  },
  {
    number: 9,
    phase: 'validation',
    roles: ['Customer'],
    activity: 'TEST new functionality and configuration items / integrations in upgraded ClinSpark environment.',
    notes: '',
    requires: [7],
  },
  {
    number: 10,
    phase: 'validation',
    roles: ['Customer'],
    activity: 'Create Service Desk tickets for issues or questions arising due to the upgrade.',
    notes: '',
    requires: [7],
  },
  {
    number: 11,
    phase: 'validation',
    roles: ['IQVIA Support'],
    activity:
      "If applicable, ensure configuration issues arising from the Customer's testing/validation exercise are addressed.",
    notes:
      'The responsible party is dependent on the issues arising; certain topics may require engineering input, while others can be addressed by the service desk team and/or solution specialists.',
    requires: [7],
    // Its note: engineering or a solution specialist may take an issue over from the service desk.
    delegableTo: ['IQVIA Engineer', 'Solution Specialist'],
  },
  {
    number: 12,
    phase: 'validation',
    roles: ['Customer'],
    activity:
      'Confirm to the IQVIA PM that customer validation exercise is complete, including validation / testing of the configuration items.',
    notes:
      'Customers are strongly encouraged to share a summary of validation activities with the IQVIA team once validation is complete, to understand scope of testing performed. This will help ensure that the IQVIA team is able to answer questions or provide clarifications about release changes ahead of PROD upgrades, and mitigate support challenges arising by missed validation activities.',
    requires: [9, 11],
  },
  {
    number: 13,
    phase: 'prep-for-upgrade',
    roles: ['Customer'],
    activity:
      'Raise a service desk ticket with intent to initiate the upgrade process in PROD MAIN/TEST instances. Details submitted must specify:',
    notes: 'Confirm to the IQVIA PM the FHSD ticket number and the preferred time slot for upgrade.',
    requires: [12],
  },
  {
    number: 14,
    phase: 'prep-for-upgrade',
    roles: ['IQVIA PM', 'IQVIA Engineer', 'Solution Specialist'],
    activity:
      'Discuss to check if one of the preferred time slots works for engineering, and ensure alignment is reached on all necessary activities to support the upgrade.',
    notes:
      'Multiple team members may be involved depending on the scope of upgrade, any integrations involved, special considerations, etc.',
    requires: [13],
  },
  {
    number: 15,
    phase: 'prep-for-upgrade',
    roles: ['IQVIA Engineer'],
    activity: 'Check to confirm the customer PROD MAIN / TEST infrastructure state will properly support upgrade version.',
    notes:
      'Due to enhancements or fixes related to security findings, engineering may need to check the infrastructure state of PROD / TEST to confirm if any additional changes or considerations are necessary to successfully support the upgrade.',
    requires: [13],
  },
  {
    number: 16,
    phase: 'prep-for-upgrade',
    roles: ['IQVIA PM'],
    activity:
      'Inform the customer of the preferred time slot in Service Desk Ticket, and receive confirmation / agreement. Schedule the time slot chosen in the agenda of the IQVIA engineer (and wider implementation team if deemed necessary)',
    notes: '',
    requires: [14, 15],
    unskippable: true,
    // Rule 6: "receive confirmation / agreement": the PM proposes, the customer agrees (or declines, with a reason).
    agreement: { roles: ['Customer'], what: 'time slot' },
  },
  {
    number: 17,
    phase: 'day-of-upgrade',
    roles: ['Customer'],
    activity: 'Ensure all activity on Prod MAIN / TEST has ended (including lab data transfers).',
    notes: '',
    requires: [16],
  },
  {
    number: 18,
    phase: 'day-of-upgrade',
    roles: ['Customer'],
    activity: 'Ensure any updates to existing data is done, if needed.',
    notes:
      'If a customer is traversing many versions of ClinSpark in an upgrade cycle, significant changes may have occurred to the data model or to certain features which may require additional checks and updates to occur. These would have been identified and included as part of the customer’s validation testing.',
    requires: [16],
  },
  {
    number: 19,
    phase: 'day-of-upgrade',
    roles: ['Customer'],
    activity: 'Inform the IQVIA team in the corresponding service desk ticket that the upgrade can proceed.',
    notes: '',
    requires: [17, 18],
    unskippable: true,
  },
  {
    number: 20,
    phase: 'day-of-upgrade',
    roles: ['IQVIA Engineer'],
    activity: 'Take backup of Prod MAIN and TEST - should rollback be required',
    notes: '',
    requires: [19],
    unskippable: true,
  },
  {
    number: 21,
    phase: 'day-of-upgrade',
    roles: ['IQVIA Engineer'],
    activity: 'Start actual upgrade of Prod MAIN',
    notes: 'Pay special attention to configuration items',
    requires: [20],
    unskippable: true,
  },
  {
    number: 22,
    phase: 'day-of-upgrade',
    roles: ['IQVIA Engineer'],
    activity: 'Inform Customer (via service desk ticket) once Prod MAIN is upgraded',
    notes: '',
    requires: [21],
    unskippable: true,
  },
  {
    number: 23,
    phase: 'day-of-upgrade',
    roles: ['Customer'],
    activity: 'Perform final testing / validation, including QC of configuration items',
    notes: '3-5 hours?',
    requires: [22],
  },
  {
    number: 24,
    phase: 'day-of-upgrade',
    roles: ['Customer'],
    activity: 'Go / No-Go decision',
    notes:
      'If all is well, confirm that last the validation confirmation steps, including QC of configuration items, has been performed / all is per expectations and that IQVIA engineer can start with upgrade of Prod TEST instance. In case of issues, decide to revert back to the old situation/re-install the backup (< 1 hour) Customer PM and decision makers need to be available to make decisions, should things not go as planned.',
    requires: [23],
    unskippable: true,
    decision: {
      // domain.md: the Go/No-Go is taken by the customer's named decision makers, not by any customer user.
      byDecisionMakers: true,
      options: [
        {
          id: GO,
          label: 'Go',
          consequence: 'Opens stages 25–28: the IQVIA engineer upgrades PROD TEST, informs you, you test and close the ticket.',
          recorded: 'Go recorded: stages 25–28 are open',
          reasonRequired: false,
        },
        // Rule 7: everything about the No-Go is in noGo.ts.
        NO_GO_OPTION,
      ],
    },
  },
  {
    number: 25,
    phase: 'day-of-upgrade',
    roles: ['IQVIA Engineer'],
    activity: 'Start actual upgrade of Prod TEST',
    notes: 'Pay special attention to configuration items',
    requires: [24],
    unskippable: true,
  },
  {
    number: 26,
    phase: 'day-of-upgrade',
    roles: ['IQVIA Engineer'],
    activity: 'Inform Customer representative (via service desk ticket) once Prod TEST is upgraded',
    notes: '',
    requires: [25],
    unskippable: true,
  },
  {
    number: 27,
    phase: 'day-of-upgrade',
    roles: ['Customer'],
    activity: 'Perform final testing/validation, including QC of configuration items',
    notes: '',
    requires: [26],
  },
  {
    number: 28,
    phase: 'day-of-upgrade',
    roles: ['Customer'],
    activity:
      'Confirm that last validation confirmation steps, including validation of configuration items, has been performed / all is per expectations and that the ticket can be closed',
    notes: '',
    requires: [27],
    unskippable: true,
  },
];

/** The stage that confirms the slot with the customer's agreement (rule 6). */
export const SLOT_STAGE = 16;
