import Lozenge from '@atlaskit/lozenge';
import { TicketLink } from '../../shared/TicketLink';
import { CalendarButton } from '../../shared/CalendarButton';
import { ProgressHeader } from '../../shared/ProgressHeader';
import { RestoreNotice } from '../../shared/RestoreNotice';
import { attemptLine } from '../../shared/restoreModel';
import { decisionName, decisionStage, documentCounts, isNegativeOutcome, movesVersion, planTitle, slotStage } from '../../shared/planParts';
import { formatDay, formatInstant, progressOf } from '../../shared/plan';
import { personText, type Names } from '../../shared/people';
import type { PlanView } from '../../shared/types';

/** Where the plan stands at a glance: phase, progress, what comes next and who owns it; the facts the plan has (versions, slot, decision, documents). */
export function PlanHeader({ plan, names }: { plan: PlanView; names: Names }) {
  const { summary } = plan;
  const decider = decisionStage(plan);
  const progress = progressOf(summary);
  const next = summary.next.slice(0, 3);
  const complete = summary.next.length === 0 && progress.finished === progress.total;
  const viewer = plan.viewer.accountId;
  const stages = plan.phases.flatMap((p) => p.stages);
  return (
    <ProgressHeader
      titleId="plan-title"
      title={planTitle(plan)}
      summary={summary}
      noun="stages"
      showSkipped
      badges={
        <>
          <Lozenge appearance={complete ? 'success' : 'inprogress'} isBold>
            {summary.phase}
          </Lozenge>
          {/* This attempt's decision only: after a No-Go's restore the new attempt has none until it is taken. */}
          {plan.decision?.outcome ? (
            <Lozenge appearance={isNegativeOutcome(decider, plan.decision.outcome) ? 'removed' : 'success'} isBold>
              {plan.decision.outcome}
            </Lozenge>
          ) : (
            plan.decision && plan.decision.attempt > 1 && <Lozenge appearance="inprogress">Attempt {plan.decision.attempt}</Lozenge>
          )}
          {summary.overdue > 0 && <Lozenge appearance="removed">{summary.overdue === 1 ? '1 stage overdue' : `${summary.overdue} stages overdue`}</Lozenge>}
        </>
      }
    >
      <div className="cs-next" aria-live="polite">
        {complete ? (
          <strong>The plan is complete.</strong>
        ) : plan.restore ? (
          <span>Nothing else starts until the restore below is recorded.</span>
        ) : next.length === 0 ? (
          <span>Nothing can start now: a stage is blocked. Its reason is shown in the plan below.</span>
        ) : (
          <>
            <strong>Next {next.length === 1 ? 'action' : 'actions'}</strong>
            <ul>
              {next.map((n) => {
                const due = stages.find((s) => s.number === n.number);
                return (
                  <li key={n.number}>
                    Stage {n.number}: {n.activity}{' '}
                    <span className="cs-muted">
                      — {n.roles.join(' / ')}
                      {n.owner ? `, owner ${personText(n.owner, viewer, names).text}` : ', no owner assigned'}
                      {due?.due ? `, due ${formatDay(due.due)}` : ''}
                    </span>
                    {due?.overdue && <span className="cs-overdue"> (overdue)</span>}
                  </li>
                );
              })}
            </ul>
            {summary.next.length > next.length && <span className="cs-subtlest">and {summary.next.length - next.length} more that can start now</span>}
          </>
        )}
      </div>

      <RestoreNotice plan={plan} audience="agent" />

      <PlanFacts plan={plan} />

      {plan.tickets.length > 0 && (
        <p className="cs-muted" style={{ marginTop: 12, marginBottom: 0 }}>
          Tickets of this plan:{' '}
          {plan.tickets.map((t, i) => (
            <span key={t.key}>
              {i > 0 ? ', ' : ''}
              <strong><TicketLink issueKey={t.key} /></strong> ({t.label}
              {t.resolved ? ', resolved' : ''})
            </span>
          ))}
        </p>
      )}

      {plan.attempts.length > 0 && (
        <div style={{ marginTop: 12 }}>
          <strong>Earlier attempts</strong>
          <ul style={{ margin: '4px 0 0' }}>
            {plan.attempts.map((a) => {
              return <li key={a.attempt}>{attemptLine(a, plan.rollbacks.find((r) => r.attempt === a.attempt))}</li>;
            })}
          </ul>
        </div>
      )}
    </ProgressHeader>
  );
}

/**
 * The plan's facts, each shown when the view has it: versions and releases crossed for a plan that moves a version, the
 * VAL decision when it has one; the slot for a plan with a slot step; its decision and attempt; its documents.
 */
function PlanFacts({ plan }: { plan: PlanView }) {
  const { summary } = plan;
  const slot = slotStage(plan);
  const decider = decisionStage(plan);
  const documents = documentCounts(plan);
  const moves = movesVersion(plan);
  return (
    <dl className="cs-facts">
      {moves ? (
        <div>
          <dt>Target version</dt>
          <dd>
            {plan.targetVersion}
            {plan.releasesCrossed.length > 1 && <span className="cs-muted"> ({plan.releasesCrossed.length} releases crossed)</span>}
          </dd>
        </div>
      ) : (
        summary.targetVersion && (
          <div>
            <dt>Version</dt>
            <dd>ClinSpark {summary.targetVersion}</dd>
          </div>
        )
      )}
      {slot && (
        <div>
          <dt>Upgrade slot</dt>
          <dd>{plan.slot ? formatInstant(plan.slot) : <span className="cs-muted">Not confirmed yet (stage {slot.number})</span>}</dd>
          {plan.slot && (
            <dd style={{ marginTop: 4 }}>
              <CalendarButton plan={plan} label="Add to calendar (.ics)" />
            </dd>
          )}
        </div>
      )}
      {decider && (
        <div>
          <dt>{decisionName(decider)}</dt>
          <dd>{plan.decision?.outcome ?? <span className="cs-muted">Not taken yet (stage {decider.number})</span>}</dd>
        </div>
      )}
      {decider && (
        <div>
          <dt>Attempt</dt>
          <dd>{summary.attempt}</dd>
        </div>
      )}
      {plan.valAction !== null && (
        <div>
          <dt>VAL</dt>
          <dd>{plan.valAction === 'replace' ? 'Replace the prior VAL' : 'Create the VAL'}</dd>
        </div>
      )}
      {documents.total > 0 && (
        <div>
          <dt>Documents</dt>
          <dd>
            {documents.recorded} of {documents.total} recorded
          </dd>
        </div>
      )}
      {!moves && plan.createdAt && (
        <div>
          <dt>Opened</dt>
          <dd>{formatInstant(plan.createdAt)}</dd>
        </div>
      )}
      <div>
        <dt>Your roles</dt>
        <dd>{plan.viewer.roles.length > 0 ? plan.viewer.roles.join(', ') : <span className="cs-muted">None on this plan (view only)</span>}</dd>
      </div>
    </dl>
  );
}
