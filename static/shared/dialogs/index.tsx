/**
 * The dialogs of the plan panels, behind one lazy entry: they are not part of a panel's first load. Each request names
 * the dialog and what it needs from the view; the answers go back to the panel, which calls the server.
 */
import { ModalTransition } from '@atlaskit/modal-dialog';
import type { DocumentInput } from '../planParts';
import type { IqTarget } from '../environmentModel';
import type { Names } from '../people';
import type { BackupInput, DetailsInput, RequestForm } from '../requestForms';
import type { DocumentView, PhaseView, PlanView, Refusal, StageActionView, StageView } from '../types';
import { IqDialog, type IqInput, type IqSigning } from './iq';
import { DecisionDialog, DocumentDialog, ReasonDialog, ReassignDialog, SlotDialog } from './plan';
import { BackupDialog, DetailsDialog } from './upgrade';
import { RestoreDialog, type RestoreInput } from './restore';
import { PhaseEndDialog } from './phaseEnd';
import { SignDialog, type SignRequest } from './sign';

export type { SignRequest };

export type DialogRequest =
  | { kind: 'reason'; stage: StageView; action: StageActionView }
  | { kind: 'slot'; stage: StageView; preferredSlots: readonly string[] }
  | { kind: 'decision'; stage: StageView }
  /** A stage (or one of its parts) handed to someone the server offers. */
  | { kind: 'reassign'; stage: StageView; part?: string; viewer: string; names?: Names }
  /** A part recorded addressed by an app admin outside its handler: the note is their reason. */
  | { kind: 'partNote'; stage: StageView; part: string }
  | { kind: 'backup'; plan: PlanView; stage: StageView; instances: readonly string[] }
  | { kind: 'details'; plan: PlanView; stage: StageView; request: RequestForm }
  | { kind: 'iq'; environment: string; targets: readonly IqTarget[]; signing: IqSigning | null }
  | { kind: 'document'; plan: PlanView; document: DocumentView }
  | { kind: 'restore'; plan: PlanView; stage: StageView }
  /** Rule 9: the PM sets the end of a phase whose length is agreed in discussion. */
  | { kind: 'phaseEnd'; phase: PhaseView }
  /** A decisive act signed with the person's signing passphrase (Part 11). */
  | { kind: 'sign'; request: SignRequest };

export interface DialogAnswers {
  reason: (stage: StageView, action: StageActionView, reason: string) => void;
  slot: (stage: StageView, slotIso: string, reason: string | undefined, hours: number) => void;
  reassign: (stage: StageView, owner: string, reason: string, part?: string) => void;
  partNote: (stage: StageView, part: string, note: string) => void;
  decision: (stage: StageView, outcome: string, reason: string | undefined) => void;
  backup: (stage: StageView, input: BackupInput) => Promise<Refusal | null>;
  details: (stage: StageView, request: RequestForm, details: DetailsInput) => Promise<Refusal | null>;
  iq: (input: IqInput, signing: IqSigning | null) => Promise<Refusal | null>;
  document: (document: DocumentView, input: DocumentInput) => Promise<Refusal | null>;
  restore: (stage: StageView, input: RestoreInput) => Promise<Refusal | null>;
  phaseEnd: (phase: PhaseView, end: string) => Promise<Refusal | null>;
  sign: (request: SignRequest, passphrase: string) => Promise<Refusal | null>;
}

export function DialogHost({ request, onClose, answers }: { request: DialogRequest | null; onClose: () => void; answers: DialogAnswers }) {
  return (
    <ModalTransition>
      {request?.kind === 'reason' && <ReasonDialog stage={request.stage} action={request.action} onClose={onClose} onSubmit={(reason) => answers.reason(request.stage, request.action, reason)} />}
      {request?.kind === 'slot' && <SlotDialog stage={request.stage} preferredSlots={request.preferredSlots} onClose={onClose} onSubmit={(slot, reason, hours) => answers.slot(request.stage, slot, reason, hours)} />}
      {request?.kind === 'reassign' && <ReassignDialog stage={request.stage} {...(request.part ? { part: request.part } : {})} viewer={request.viewer} {...(request.names ? { names: request.names } : {})} onClose={onClose} onSubmit={(owner, reason) => answers.reassign(request.stage, owner, reason, request.part)} />}
      {request?.kind === 'partNote' && (
        <ReasonDialog stage={request.stage} action={{ type: 'complete', needsReason: true }} onClose={onClose} onSubmit={(note) => answers.partNote(request.stage, request.part, note)} />
      )}
      {request?.kind === 'decision' && <DecisionDialog stage={request.stage} onClose={onClose} onSubmit={(outcome, reason) => answers.decision(request.stage, outcome, reason)} />}
      {request?.kind === 'backup' && <BackupDialog plan={request.plan} stage={request.stage} instances={request.instances} onClose={onClose} onSubmit={(input) => answers.backup(request.stage, input)} />}
      {request?.kind === 'iq' && <IqDialog environment={request.environment} targets={request.targets} signing={request.signing} onClose={onClose} onSubmit={(input) => answers.iq(input, request.signing)} />}
      {request?.kind === 'document' && <DocumentDialog plan={request.plan} document={request.document} onClose={onClose} onSubmit={(input) => answers.document(request.document, input)} />}
      {request?.kind === 'restore' && <RestoreDialog plan={request.plan} stage={request.stage} onClose={onClose} onSubmit={(input) => answers.restore(request.stage, input)} />}
      {request?.kind === 'sign' && <SignDialog request={request.request} onClose={onClose} onSubmit={(passphrase) => answers.sign(request.request, passphrase)} />}
      {request?.kind === 'phaseEnd' && <PhaseEndDialog phase={request.phase} onClose={onClose} onSubmit={(end) => answers.phaseEnd(request.phase, end)} />}
      {request?.kind === 'details' && <DetailsDialog plan={request.plan} stage={request.stage} request={request.request} onClose={onClose} onSubmit={(d) => answers.details(request.stage, request.request, d)} />}
    </ModalTransition>
  );
}

export default DialogHost;
