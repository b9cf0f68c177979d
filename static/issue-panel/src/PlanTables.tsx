import { useState } from 'react';
import Lozenge from '@atlaskit/lozenge';
import type { DialogRequest } from '../../shared/dialogs';
import { documentPhases, isUpgrade } from '../../shared/kinds';
import { formatDay, formatInstant, groupByPhase, statusLabel } from '../../shared/plan';
import { personText, type Names } from '../../shared/people';
import { Person } from '../../shared/Person';
import { StageActions } from '../../shared/StageActions';
import type { PlanView, StageActionView, StageView } from '../../shared/types';
import { TableColumns } from '../../shared/TableColumns';

interface Props {
  plan: PlanView;
  busy: ReadonlySet<number>;
  onAction: (stage: StageView, action: StageActionView) => void;
  openDialog: (request: DialogRequest) => void;
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
export function PlanTables({ plan, busy, onAction, openDialog, names }: Props) {
  const [openNotes, setOpenNotes] = useState<ReadonlySet<number>>(new Set());
  const toggle = (n: number): void =>
    setOpenNotes((now) => {
      const next = new Set(now);
      if (next.has(n)) next.delete(n);
      else next.add(n);
      return next;
    });
  const viewer = plan.viewer.accountId;
  const attempt = plan.summary.attempt;
  const upgrade = isUpgrade(plan);
  const hasTicket = (kind: string): boolean => plan.tickets.some((t) => t.kind === kind);
  const documents = new Map(documentPhases(plan).map((p) => [p.id, p]));

  // The backup form (stage 20) and the request details (stages 5 and 13) are the upgrade's own.
  const extraFor = (stage: StageView) => {
    if (!upgrade) return [];
    const open = stage.status !== 'done' && stage.status !== 'skipped';
    const holdsRole = stage.actions.length > 0;
    if (stage.number === 20 && holdsRole && open) return [{ key: 'backup', label: 'Record backup', onClick: () => openDialog({ kind: 'backup', plan }) }];
    if ((stage.number === 5 || stage.number === 13) && holdsRole && open) {
      const requestKind = stage.number === 5 ? 'valRequest' : 'prodRequest';
      if (hasTicket(requestKind)) return [{ key: 'details', label: 'Provide details', onClick: () => openDialog({ kind: 'details', plan, requestKind }) }];
    }
    return [];
  };

  return (
    <div>
      {groupByPhase(plan).map((phase) => (
        <section key={phase.id} className="cs-phase" aria-labelledby={`phase-${phase.id}`}>
          <div className="cs-phase-head">
            <h3 id={`phase-${phase.id}`}>{phase.name}</h3>
            <span className="cs-muted">
              {phase.finished} of {phase.total} finished · expected: {phase.expectedLength}
            </span>
            {phase.overdue > 0 && <Lozenge appearance="removed">{phase.overdue} overdue</Lozenge>}
            {documents.has(phase.id) && (
              <span className="cs-muted">
                · documents: {documents.get(phase.id)!.recorded} of {documents.get(phase.id)!.documents.length} recorded
              </span>
            )}
          </div>
          <table className="cs-stage-table" aria-labelledby={`phase-${phase.id}`}>
            <TableColumns columns={COLUMNS} />
            <tbody>
            {phase.stages.map((stage) => {
              const status = statusLabel(stage);
              const backups = upgrade && stage.number === 20 ? plan.backups.filter((b) => b.attempt === attempt) : [];
              return (
                <tr key={`stage-${stage.number}`} data-stage={stage.number}>
                  <td><span className="cs-num">{stage.number}</span></td>
                  <td>
                      <div>
                        <div className="cs-activity">
                          {stage.activity}
                          {!stage.required && <span className="cs-muted"> (optional)</span>}
                        </div>
                        {stage.guidance && <div className="cs-guidance">{stage.guidance}</div>}
                        {upgrade && stage.number === 20 && (
                          <div className="cs-subtlest">
                            Backups this attempt: {(['PROD MAIN', 'PROD TEST'] as const).map((i) => `${i} ${backups.some((b) => b.instance === i) ? `✓ (${backups.find((b) => b.instance === i)!.version})` : 'missing'}`).join(' · ')}
                          </div>
                        )}
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
                  <td>
                      <div>
                        <div>{stage.roles.join(' / ')}</div>
                        <div className="cs-owner">
                          <Person accountId={stage.owner} viewer={viewer} names={names} subtle />
                        </div>
                      </div>
                  </td>
                  <td>{stage.due ? (
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
                      <span className="cs-subtlest">{stage.phase === 'Day of Upgrade' ? 'On the slot' : '—'}</span>
                  )}</td>
                  <td>
                      <div>
                        <Lozenge appearance={status.appearance}>{status.text}</Lozenge>
                        {stage.reason && (stage.status === 'skipped' || stage.status === 'blocked') && <div className="cs-reason">“{stage.reason}”</div>}
                        {stage.completedAt && (
                          <div className="cs-subtlest">
                            by <span className={personText(stage.completedBy, viewer, names).known ? undefined : 'cs-mono'}>{personText(stage.completedBy, viewer, names).text}</span> · <span title={formatInstant(stage.completedAt)}>{formatDay(stage.completedAt.slice(0, 10))}</span>
                          </div>
                        )}
                      </div>
                  </td>
                  <td><StageActions stage={stage} busy={busy.has(stage.number)} onAction={onAction} extra={extraFor(stage)} /></td>
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
