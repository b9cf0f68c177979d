import Lozenge from '@atlaskit/lozenge';
import { CalendarButton } from '../../shared/CalendarButton';
import { decisionName, decisionStage, documentCounts, isNegativeOutcome, isUpgrade, planTitle } from '../../shared/kinds';
import { formatDay, formatInstant, progressOf } from '../../shared/plan';
import { personText, type Names } from '../../shared/people';
import type { PlanView } from '../../shared/types';

const KIND_TEXT: Record<string, string> = {
  intent: 'upgrade intent',
  valRequest: 'VAL request',
  validationIssue: 'validation issue',
  prodRequest: 'PROD upgrade request',
  goLive: 'PROD go-live request',
  implementation: 'implementation request',
};

/** Where the plan stands at a glance: phase, progress, what comes next and who owns it; an upgrade's version and slot, another plan's documents. */
export function PlanHeader({ plan, names }: { plan: PlanView; names: Names }) {
  const { summary } = plan;
  const upgrade = isUpgrade(plan);
  const decider = decisionStage(plan);
  const documents = documentCounts(plan);
  const progress = progressOf(summary);
  const next = summary.next.slice(0, 3);
  const complete = summary.next.length === 0 && progress.finished === progress.total;
  const viewer = plan.viewer.accountId;
  const stages = plan.phases.flatMap((p) => p.stages);
  return (
    <section className="cs-header" aria-labelledby="plan-title">
      <div className="cs-row" style={{ justifyContent: 'space-between' }}>
        <h2 id="plan-title">{planTitle(plan)}</h2>
        <div className="cs-row">
          <Lozenge appearance={complete ? 'success' : 'inprogress'} isBold>
            {summary.phase}
          </Lozenge>
          {summary.decision !== 'pending' && (
            <Lozenge appearance={isNegativeOutcome(summary.decision) ? 'removed' : 'success'} isBold>
              {summary.decision}
            </Lozenge>
          )}
          {summary.overdue > 0 && (
            <Lozenge appearance="removed">{summary.overdue === 1 ? '1 stage overdue' : `${summary.overdue} stages overdue`}</Lozenge>
          )}
        </div>
      </div>

      <div className="cs-row" style={{ marginTop: 12 }}>
        <div
          className="cs-progress"
          role="progressbar"
          aria-label="Stages finished"
          aria-valuemin={0}
          aria-valuemax={progress.total}
          aria-valuenow={progress.finished}
          aria-valuetext={`${progress.finished} of ${progress.total} stages finished`}
        >
          <span style={{ width: `${progress.percent}%` }} />
        </div>
        <span className="cs-muted">
          {progress.finished} of {progress.total} stages finished
          {summary.skipped > 0 ? ` (${summary.skipped} skipped)` : ''}
        </span>
      </div>

      <div className="cs-next" aria-live="polite">
        {complete ? (
          <strong>The plan is complete.</strong>
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

      {upgrade ? (
        <UpgradeFacts plan={plan} />
      ) : (
        <dl className="cs-facts">
          {summary.targetVersion && (
            <div>
              <dt>Go-live version</dt>
              <dd>ClinSpark {summary.targetVersion}</dd>
            </div>
          )}
          {decider && (
            <div>
              <dt>{decisionName(decider)}</dt>
              <dd>{summary.decision === 'pending' ? <span className="cs-muted">Not taken yet (stage {decider.number})</span> : summary.decision}</dd>
            </div>
          )}
          {decider && (
            <div>
              <dt>Attempt</dt>
              <dd>{summary.attempt}</dd>
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
          {plan.createdAt && (
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
      )}

      {plan.tickets.length > 0 && (
        <p className="cs-muted" style={{ marginTop: 12, marginBottom: 0 }}>
          Tickets of this plan:{' '}
          {plan.tickets.map((t, i) => (
            <span key={t.key}>
              {i > 0 ? ', ' : ''}
              <strong>{t.key}</strong> ({KIND_TEXT[t.kind] ?? t.kind}
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
              const rollback = upgrade ? plan.rollbacks.find((r) => r.attempt === a.attempt) : undefined;
              return (
                <li key={a.attempt}>
                  Attempt {a.attempt}: {a.outcome} on {formatInstant(a.endedAt)}
                  {a.reason ? ` — “${a.reason}”` : ''}
                  {rollback ? `. PROD MAIN restored to ${rollback.restoredVersion}.` : ''}
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </section>
  );
}

/** What only an upgrade plan has: target version and releases crossed, slot, Go / No-Go, VAL decision. */
function UpgradeFacts({ plan }: { plan: PlanView }) {
  const { summary } = plan;
  return (
    <dl className="cs-facts">
      <div>
        <dt>Target version</dt>
        <dd>
          {plan.targetVersion}
          {plan.releasesCrossed.length > 1 && <span className="cs-muted"> ({plan.releasesCrossed.length} releases crossed)</span>}
        </dd>
      </div>
      <div>
        <dt>Upgrade slot</dt>
        <dd>{plan.slot ? formatInstant(plan.slot) : <span className="cs-muted">Not confirmed yet (stage 16)</span>}</dd>
        {plan.slot && (
          <dd style={{ marginTop: 4 }}>
            <CalendarButton plan={plan} label="Add to calendar (.ics)" />
          </dd>
        )}
      </div>
      <div>
        <dt>Go / No-Go</dt>
        <dd>{summary.decision === 'pending' ? <span className="cs-muted">Not taken yet (stage 24)</span> : summary.decision}</dd>
      </div>
      <div>
        <dt>Attempt</dt>
        <dd>{summary.attempt}</dd>
      </div>
      <div>
        <dt>VAL</dt>
        <dd>{plan.valAction === 'replace' ? 'Replace the prior VAL' : 'Create the VAL'}</dd>
      </div>
      <div>
        <dt>Your roles</dt>
        <dd>{plan.viewer.roles.length > 0 ? plan.viewer.roles.join(', ') : <span className="cs-muted">None on this plan (view only)</span>}</dd>
      </div>
    </dl>
  );
}
