/** The back end's answer shapes, as types only: nothing of the server is bundled. */
export type { PlanView, StageView, StageActionView, StageActionType, DocumentView, TicketView } from '../../src/app/planView';
export type { PhaseView } from '../../src/app/planView';
export type { SettingsAnswer, SettingsGuide, TicketKindGuide } from '../../src/app/projectSettings';
export type { KindSummary, StepForm } from '../../src/domain/kind';
export type { ResolverAnswer } from '../../src/forge/resolvers';
export type { AppSettings, FieldKey, FormFieldKey, PlanTicketKind, StatusEffect } from '../../src/app/settings';
export type { AuditEntry } from '../../src/domain/audit';
export type { HistoryEntryView, HistoryExportPage } from '../../src/app/history';
export type { Role } from '../../src/domain/roles';
export type { SigningStatus } from '../../src/app/signing';
export type { StepStatus } from '../../src/domain/playbook';
export type { Release, ReleaseNote } from '../../src/domain/releases';

/** A refusal as the server words it: which rule, which field, and the sentence to show. */
export interface Refusal {
  rule: string;
  field: string | null;
  message: string;
}
export type { InstanceView } from '../../src/app/environmentsView';
export type { EnvironmentsAdminAnswer, OrganizationEnvironments, Organization } from '../../src/app/environmentAdmin';
export type { ImportReport, RowError, ImportRow } from '../../src/app/environmentImport';
export type { OnboardingFacts } from '../../src/domain/environments/onboarding';
export type { RoleRemoval } from '../../src/app/people';
export type { CalendarSlotView, SlotCalendarView } from '../../src/app/slotCalendar';
