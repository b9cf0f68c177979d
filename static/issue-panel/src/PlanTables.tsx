import { useState } from 'react';
import Lozenge from '@atlaskit/lozenge';
import type { DialogRequest } from '../../shared/dialogs/index';
import { documentPhases, dueText, proposalLine } from '../../shared/planParts';
import { backupLine, formButtons } from '../../shared/requestForms';
import { formatDay, groupByPhase, statusLabel, usuallyTakes } from '../../shared/plan';
import { personText, type Names } from '../../shared/people';
import { Person } from '../../shared/Person';
import { PhaseMessage } from '../../shared/PhaseMessage';
import { ReleaseNotes } from '../../shared/ReleaseNotes';
import { StageActions } from '../../shared/StageActions';
import { StageParts } from '../../shared/StageParts';
import { Signatures } from '../../shared/Signatures';
import type { PhaseView, PlanView, StageActionView, StageView } from '../../shared/types';
import { TableColumns } from '../../shared/TableColumns';
import { StageFilterBar, useStageFilter } from '../../shared/StageFilterBar';
import { emptyFilterSentence, filterCounts, filterPhases, finishedLine, foldedByDefault, phaseSummaryLine } from '../../shared/stageList';

interface Props {
  plan: PlanView;
  busy: ReadonlySet<number>;
  onAction: (stage: StageView, action: StageActionView) => void;
  openDialog: (request: DialogRequest) => void;
  onPart: { hand: (stage: StageView, part: { key: string }) => void; address: (stage: StageView, part: { key: string; addressNeedsNote: boolean }) => void };
  names: Names;
}

/** Column widths in percent; a fixed layout keeps the columns aligned from one phase's table to the next. */
const COLUMNS = [
  { key: 'number', label: '#', width: 4 },
  { key: 'activity', label: 'Activity', width: 38 },
  { key: 'who', label: 'Role and owner', width: 16 },
  { key: 'due', label: 'Due', width: 11 },
  { key: 'status', label: 'Status', width: 13 },
  { key: 'actions', label: 'Actions', width: 18 },
] as const;

/** The stages, one table per phase, in the plan's order; each row's buttons are exactly the actions the server allows. */
export function PlanTables({ plan, busy, onAction, onPart, openDialog, names }: Props) {
  const [openNotes, setOpenNotes] = useState<ReadonlySet<number>>(new Set());
  const toggle = (n: number): void =>
    setOpenNotes((now) => {
      const next = new Set(now);
      if (next.has(n)) next.delete(n);
      else next.add(n);
      return next;
    });
  const viewer = plan.viewer.accountId;
  const documents = new Map(documentPhases(plan).map((p) => [p.id, p]));
  // A step's form (a backup, request details, a document it produces) adds its button next to the step's actions.
  const extraFor = (stage: StageView) => formButtons(plan, stage).map(({ open, ...button }) => ({ ...button, onClick: () => openDialog({ ...open, plan }) }));
  const groups = groupByPhase(plan);
  const [filter, setFilter] = useStageFilter('issue-panel', viewer);
  // A phase the person opened or folded stays so; otherwise finished phases are folded and the others open.
  const [toggled, setToggled] = useState<ReadonlyMap<string, boolean>>(new Map());
  // Folded are the phases finished when the panel opened: one the person finishes now stays open under their eyes.
  const [finishedPhases] = useState(() => foldedByDefault(groups));
  const isOpen = (id: string): boolean => toggled.get(id) ?? !finishedPhases.has(id);
  const flip = (id: string): void => setToggled((now) => new Map(now).set(id, !isOpen(id)));
  const shown = filterPhases(groups, filter, viewer);

  return (
    <div>
      <StageFilterBar filter={filter} onChange={setFilter} counts={filterCounts(groups, viewer)} />
      {shown.length === 0 && <p className="cs-muted cs-filter-empty" role="status">{emptyFilterSentence(filter)}</p>}
      {shown.map((phase) => !isOpen(phase.id) ? (
        <section key={phase.id} className="cs-phase cs-phase-folded" data-phase={phase.id} data-folded-stages={phase.stages.length}>
          <h3 className="cs-phase-line">
            <button type="button" className="cs-phase-toggle" aria-expanded={false} onClick={() => flip(phase.id)}>
              <span className="cs-chevron" aria-hidden="true">▸</span> {phaseSummaryLine(groups.find((g) => g.id === phase.id) ?? phase)}
            </button>
          </h3>
        </section>
      ) : (
        <section key={phase.id} className="cs-phase" aria-labelledby={`phase-${phase.id}`} data-phase={phase.id}>
          <div className="cs-phase-head">
            <h3 id={`phase-${phase.id}`}>
              <button type="button" className="cs-phase-toggle" aria-expanded={true} aria-controls={`phase-body-${phase.id}`} onClick={() => flip(phase.id)}>
                <span className="cs-chevron" aria-hidden="true">▾</span> {phase.name}
              </button>
            </h3>
            <span className="cs-muted">
              {phase.finished} of {phase.total} finished
              {usuallyTakes(phase)}
            </span>
            {phase.overdue > 0 && <Lozenge appearance="removed">{phase.overdue} overdue</Lozenge>}
            <PhaseEnd phase={plan.phases.find((p) => p.id === phase.id)} slotAgreed={plan.dayOfUpgrade !== null} onPlan={(p) => openDialog({ kind: 'phaseEnd', phase: p })} />
            {documents.has(phase.id) && (
              <span className="cs-muted">
                · documents: {documents.get(phase.id)!.recorded} of {documents.get(phase.id)!.documents.length} recorded
              </span>
            )}
          </div>
          {plan.phases.find((p) => p.id === phase.id)?.message && <PhaseMessage message={plan.phases.find((p) => p.id === phase.id)!.message!} vendor={plan.vendorName ?? 'IQVIA'} viewer={viewer} names={names} audience="agent" />}
          <table className="cs-stage-table" id={`phase-body-${phase.id}`} aria-labelledby={`phase-${phase.id}`}>
            <TableColumns columns={COLUMNS} />
            <tbody>
            {phase.stages.map((stage) => {
              const status = statusLabel(stage);
              const backups = backupLine(plan, stage);
              return (
                <tr key={`stage-${stage.number}`} data-stage={stage.number}>
                  <td><span className="cs-num">{stage.number}</span></td>
                  <td data-label="Activity">
                      <div>
                        <div className="cs-activity">
                          {stage.activity}
                          {!stage.required && <span className="cs-muted"> (optional)</span>}
                        </div>
                        {stage.guidance && <div className="cs-guidance">{stage.guidance}</div>}
                        <ReleaseNotes notes={stage.releaseNotes} />
                        {backups && <div className="cs-subtlest">Backups this attempt: {backups}</div>}
                        {proposalLine(stage, (id) => personText(id, viewer, names).text) && <div className="cs-guidance" data-proposal={stage.number}>{proposalLine(stage, (id) => personText(id, viewer, names).text)}</div>}
                        <StageParts stage={stage} viewer={viewer} names={names} busy={busy.has(stage.number)} onHand={onPart.hand} onAddress={onPart.address} />
                        <Signatures stage={stage} />
                        {stage.notes && (
                          <>
                            <button type="button" className="cs-link-button" aria-expanded={openNotes.has(stage.number)} aria-controls={`notes-${stage.number}`} onClick={() => toggle(stage.number)}>
                              {openNotes.has(stage.number) ? 'Hide notes' : 'Show notes'}
                            </button>
                            {openNotes.has(stage.number) && (
                              <div id={`notes-${stage.number}`} className="cs-notes">
                                {stage.notes}
                              </div>
                            )}
                          </>
                        )}
                      </div>
                  </td>
                  <td data-label="Role and owner">
                      <div>
                        <div>{stage.roles.join(' / ')}</div>
                        <div className="cs-owner">
                          <Person accountId={stage.owner} viewer={viewer} names={names} subtle />
                        </div>
                        {stage.reassigned && <div className="cs-subtlest" title={`“${stage.reassigned.reason}”`}>handed over by {personText(stage.reassigned.by, viewer, names).text}</div>}
                      </div>
                  </td>
                  <td data-label="Due">{dueText(plan, stage).finished ? (
                      <span className="cs-subtlest">{stage.status} {formatDay(dueText(plan, stage).finished!)}</span>
                    ) : stage.due ? (
                      <span className={stage.overdue ? 'cs-overdue' : undefined}>
                        {formatDay(stage.due)}
                        {stage.overdue && (
                          <>
                            <br />
                            <Lozenge appearance="removed">Overdue</Lozenge>
                          </>
                        )}
                      </span>
                    ) : (
                      <span className="cs-subtlest">{dueText(plan, stage).none}</span>
                  )}</td>
                  <td data-label="Status">
                      <div>
                        <Lozenge appearance={status.appearance}>{status.text}</Lozenge>
                        {stage.reason && (stage.status === 'skipped' || stage.status === 'blocked') && <div className="cs-reason">“{stage.reason}”</div>}
                      </div>
                  </td>
                  <td data-label="Actions">
                    {finishedLine(stage, viewer, names) && <div className="cs-finished-line" data-finished={stage.number}>{finishedLine(stage, viewer, names)}</div>}
                    <StageActions stage={stage} busy={busy.has(stage.number)} onAction={onAction} extra={extraFor(stage)} />
                  </td>
                </tr>
              );
            })}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}

/** Rule 9: when the phase ends and from what; the PM sets the end of a phase whose length is agreed in discussion. */
function PhaseEnd({ phase, slotAgreed, onPlan }: { phase: PhaseView | undefined; slotAgreed: boolean; onPlan: (phase: PhaseView) => void }) {
  const schedule = phase?.schedule;
  if (!phase || !schedule) return null;
  const words: Record<string, string | null> = {
    finished: schedule.end ? `finished ${formatDay(schedule.end)}` : null,
    planned: schedule.end ? `ends ${formatDay(schedule.end)}, as planned by the PM` : null,
    // A proposed slot dates the phases too, until the customer agrees or it moves: said so.
    slot: schedule.end ? `dated by the ${slotAgreed ? 'agreed' : 'proposed'} slot: ${formatDay(schedule.end)}` : null,
    'to be agreed': 'end to be agreed',
  };
  const text = words[schedule.basis] ?? null;
  return (
    <>
      {text && <span className="cs-muted">· {text}</span>}
      {schedule.mayPlan && (
        <button type="button" className="cs-link-button" data-plan-phase={phase.id} onClick={() => onPlan(phase)}>
          {schedule.planned ? 'Change its end' : 'Plan its end'}
        </button>
      )}
    </>
  );
}
