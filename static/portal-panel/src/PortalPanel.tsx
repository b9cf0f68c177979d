import { useEffect, useState } from 'react';
import Lozenge from '@atlaskit/lozenge';
import { customerFacingRoles, formatDay, formatInstant, groupByPhase, isFinishedStatus, progressOf } from '../../shared/plan';
import { CalendarButton } from '../../shared/CalendarButton';
import { Environments } from '../../shared/Environments';
import { StageActions } from '../../shared/StageActions';
import { Timeline } from '../../shared/Timeline';
import { LoadFailure, Loading, NoPlan } from '../../shared/states';
import type { PlanView, StageActionView, StageView } from '../../shared/types';
import { usePlan } from '../../shared/usePlan';
import { preloadDialogs, usePlanActions } from '../../shared/usePlanActions';
import { customerStatus, iqviaNow, yourTurn } from './portalModel';

/** The action labels a customer sees: what they do, in their words. */
const LABELS: Partial<Record<StageActionView['type'], string>> = {
  start: 'I have started',
  complete: 'Mark as done',
  skip: 'Not needed',
  block: 'Something stops me',
  reopen: 'Reopen',
  decide: 'Give the Go / No-Go decision',
};

/** The customer's view in the service desk portal: their plan in plain words, what they must do, what IQVIA is doing. */
export function PortalPanel() {
  const { load, plan, busy, act, reload } = usePlan();
  const { onAction, openDialog, dialogs } = usePlanActions(plan, act);
  useEffect(() => {
    if (plan) preloadDialogs();
  }, [plan !== null]); // eslint-disable-line react-hooks/exhaustive-deps

  if (load.status === 'loading') return <Loading what="your upgrade plan" />;
  if (load.status === 'none') return <NoPlan audience="customer" />;
  if (load.status === 'error') return <LoadFailure refusal={load.refusal} onRetry={() => void reload()} />;
  if (!plan) return null;
  return (
    <div className="cs-stack">
      <Summary plan={plan} />
      <YourTurn plan={plan} busy={busy} onAction={onAction} openDetails={(requestKind) => openDialog({ kind: 'details', plan, requestKind })} />
      <IqviaNow plan={plan} />
      <YourEnvironments plan={plan} />
      <WholePlan plan={plan} />
      {dialogs}
    </div>
  );
}

function Summary({ plan }: { plan: PlanView }) {
  const progress = progressOf(plan.summary);
  const complete = progress.finished === progress.total;
  return (
    <section className="cs-header" aria-labelledby="portal-title">
      <h2 id="portal-title">
        Your ClinSpark upgrade to {plan.targetVersion}
      </h2>
      <p className="cs-muted" style={{ margin: '4px 0 0' }}>
        From version {plan.currentVersion}
        {plan.releasesCrossed.length > 1 ? `, through ${plan.releasesCrossed.length} releases (${plan.releasesCrossed.join(', ')})` : ''}.
      </p>
      <div className="cs-row" style={{ marginTop: 12 }}>
        <div className="cs-progress" role="progressbar" aria-label="Steps finished" aria-valuemin={0} aria-valuemax={progress.total} aria-valuenow={progress.finished} aria-valuetext={`${progress.finished} of ${progress.total} steps finished`}>
          <span style={{ width: `${progress.percent}%` }} />
        </div>
        <span className="cs-muted">
          {progress.finished} of {progress.total} steps finished
        </span>
      </div>
      <dl className="cs-facts">
        <div>
          <dt>Where we are</dt>
          <dd>{complete ? 'The upgrade is complete' : plan.summary.phase}</dd>
        </div>
        <div>
          <dt>Upgrade date</dt>
          <dd>{plan.slot ? formatInstant(plan.slot) : <span className="cs-muted">Not fixed yet: IQVIA will agree a time slot with you</span>}</dd>
          {plan.slot && (
            <dd style={{ marginTop: 4 }}>
              <CalendarButton plan={plan} />
            </dd>
          )}
        </div>
        {plan.summary.decision !== 'pending' && (
          <div>
            <dt>Go / No-Go</dt>
            <dd>{plan.summary.decision}</dd>
          </div>
        )}
      </dl>
      <div style={{ marginTop: 16 }}>
        <Timeline plan={plan} compact />
      </div>
      {plan.attempts.length > 0 && (
        <p className="cs-muted" style={{ marginBottom: 0 }}>
          {plan.attempts.map((a) => `Attempt ${a.attempt} ended with ${a.outcome} on ${formatInstant(a.endedAt)}; PROD MAIN went back to its previous version and a new slot is being agreed.`).join(' ')}
        </p>
      )}
    </section>
  );
}

function YourTurn({ plan, busy, onAction, openDetails }: { plan: PlanView; busy: ReadonlySet<number>; onAction: (s: StageView, a: StageActionView) => void; openDetails: (k: 'valRequest' | 'prodRequest') => void }) {
  const stages = yourTurn(plan);
  return (
    <section className="cs-card" aria-labelledby="your-turn">
      <h3 id="your-turn">What we need from you</h3>
      {stages.length === 0 ? (
        <p className="cs-muted" style={{ margin: 0 }}>
          Nothing right now. We will tell you on this request when it is your turn.
        </p>
      ) : (
        <ul className="cs-todo-list">
          {stages.map((stage) => {
            const needsDetails = (stage.number === 5 || stage.number === 13) && stage.status === 'blocked' && plan.tickets.some((t) => t.kind === (stage.number === 5 ? 'valRequest' : 'prodRequest'));
            return (
              <li key={stage.number}>
                <StageBlurb stage={stage} />
                {stage.status === 'blocked' && stage.reason && (
                  <p className="cs-warning" style={{ margin: '4px 0' }}>
                    On hold: {stage.reason}
                  </p>
                )}
                <div style={{ marginTop: 8 }}>
                  <StageActions
                    stage={stage}
                    busy={busy.has(stage.number)}
                    onAction={onAction}
                    labels={LABELS}
                    extra={needsDetails ? [{ key: 'details', label: 'Provide the missing details', onClick: () => openDetails(stage.number === 5 ? 'valRequest' : 'prodRequest') }] : []}
                  />
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function StageBlurb({ stage }: { stage: StageView }) {
  const [open, setOpen] = useState(false);
  return (
    <div>
      <div>
        <strong>Step {stage.number}.</strong> {stage.activity}
      </div>
      {stage.guidance && <div className="cs-guidance">{stage.guidance}</div>}
      <div className="cs-subtlest" style={{ marginTop: 4 }}>
        {stage.due ? <span className={stage.overdue ? 'cs-overdue' : undefined}>{stage.overdue ? `Was due ${formatDay(stage.due)}` : `Please finish by ${formatDay(stage.due)}`}</span> : stage.phase === 'Day of Upgrade' ? 'On the day of the upgrade' : null}
        {stage.notes && (
          <>
            {' · '}
            <button type="button" className="cs-link-button" aria-expanded={open} aria-controls={`portal-notes-${stage.number}`} onClick={() => setOpen(!open)}>
              {open ? 'Hide details' : 'More details'}
            </button>
          </>
        )}
      </div>
      {open && (
        <div id={`portal-notes-${stage.number}`} className="cs-notes">
          {stage.notes}
        </div>
      )}
    </div>
  );
}

function IqviaNow({ plan }: { plan: PlanView }) {
  const stages = iqviaNow(plan);
  return (
    <section className="cs-card" aria-labelledby="iqvia-now">
      <h3 id="iqvia-now">What IQVIA is doing now</h3>
      {stages.length === 0 ? (
        <p className="cs-muted" style={{ margin: 0 }}>
          {progressOf(plan.summary).finished === plan.summary.total ? 'Nothing: your upgrade is complete.' : 'IQVIA is waiting for the steps that are yours.'}
        </p>
      ) : (
        <ul className="cs-todo-list">
          {stages.map((stage) => (
            <li key={stage.number}>
              <div>
                <strong>Step {stage.number}.</strong> {stage.activity}
              </div>
              <div className="cs-subtlest" style={{ marginTop: 4 }}>
                {stage.status === 'in progress' ? 'In progress' : 'Next'}
                {stage.due ? (
                  <span className={stage.overdue ? 'cs-overdue' : undefined}> · {stage.overdue ? 'was expected by' : 'expected by'} {formatDay(stage.due)}</span>
                ) : stage.phase === 'Day of Upgrade' && plan.slot ? (
                  ` · on ${formatInstant(plan.slot)}`
                ) : (
                  ''
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The organization's own environments: versions and states in plain words, nothing internal (the server strips references). */
function YourEnvironments({ plan }: { plan: PlanView }) {
  if (!plan.environments) return null;
  return (
    <section className="cs-card" aria-labelledby="your-environments">
      <h3 id="your-environments">Your ClinSpark environments</h3>
      <Environments environments={plan.environments} audience="customer" viewer={plan.viewer.accountId} />
    </section>
  );
}

function WholePlan({ plan }: { plan: PlanView }) {
  return (
    <section aria-labelledby="whole-plan">
      <h3 id="whole-plan" className="cs-section-title">
        The whole plan
      </h3>
      {groupByPhase(plan).map((phase) => (
        <div key={phase.id} className="cs-phase">
          <div className="cs-phase-head">
            <h3 style={{ fontSize: 14 }}>{phase.name}</h3>
            <span className="cs-muted">
              {phase.finished} of {phase.total} done · usually takes: {phase.expectedLength.toLowerCase()}
            </span>
          </div>
          <ol className="cs-timeline" aria-label={`${phase.name} steps`}>
            {phase.stages.map((stage) => {
              const status = customerStatus(stage);
              return (
                <li key={stage.number}>
                  <span className="cs-num">{stage.number}</span>
                  <div>
                    <div>{stage.activity}</div>
                    <div className="cs-subtlest">{customerFacingRoles(stage.roles)}</div>
                  </div>
                  <div style={{ textAlign: 'right' }}>
                    <Lozenge appearance={status.appearance}>{status.text}</Lozenge>
                    {status.when && <div className={stage.overdue && !isFinishedStatus(stage.status) ? 'cs-overdue' : 'cs-subtlest'}>{status.when}</div>}
                  </div>
                </li>
              );
            })}
          </ol>
        </div>
      ))}
    </section>
  );
}
