import { Fragment, useEffect, useMemo, useState, type ReactNode } from 'react';
import Lozenge from '@atlaskit/lozenge';
import { customerFacingRoles, formatDay, formatInstant, groupByPhase, isFinishedStatus, progressOf, usuallyTakes } from '../../shared/plan';
import { formatInstantDay } from '../../shared/time';
import { CalendarButton } from '../../shared/CalendarButton';
import { ProgressHeader } from '../../shared/ProgressHeader';
import { RestoreNotice } from '../../shared/RestoreNotice';
import type { DialogRequest } from '../../shared/dialogs/index';
import { DocumentState, RecordDocumentButton } from '../../shared/Documents';
import { Environments } from '../../shared/Environments';
import { awaitsSlot, decisionName, decisionStage, isNegativeOutcome, movesVersion, pendingProposal, planTitle, proposedValue, slotStage } from '../../shared/planParts';
import { formButtons } from '../../shared/requestForms';
import { endSentence } from '../../shared/refusal';
import { namesOf, type Names } from '../../shared/people';
import { ReleaseNotes } from '../../shared/ReleaseNotes';
import { Signatures } from '../../shared/Signatures';
import { StageActions } from '../../shared/StageActions';
import { Timeline } from '../../shared/Timeline';
import { LoadFailure, Loading, NoPlanQuiet } from '../../shared/states';
import { PhaseMessage } from '../../shared/PhaseMessage';
import type { DocumentView, PlanView, StageActionView, StageView } from '../../shared/types';
import { usePlan } from '../../shared/usePlan';
import { preloadDialogs, usePlanActions } from '../../shared/usePlanActions';
import { customerDocuments, customerStatus, iqviaNow, yourTurn } from './portalModel';
import { StageFilterBar, useStageFilter } from '../../shared/StageFilterBar';
import { customersStep, emptyFilterSentence, filterCounts, filterPhases, finishedLine, foldedByDefault, phaseSummaryLine } from '../../shared/stageList';

/** The action labels a customer sees: what they do, in their words. */
const LABELS: Partial<Record<StageActionView['type'], string>> = {
  start: 'I have started',
  complete: 'Mark as done',
  skip: 'Not needed',
  agree: 'I agree',
  decline: 'Decline, with a reason',
  block: 'Something stops me',
  reopen: 'Reopen',
};

/** A decision step's button in the customer's words: "Give the Go / No-Go decision", "Give the Pass / Fail decision"; a step that sends their message, "Send this message". */
const labelsFor = (stage: StageView): Partial<Record<StageActionView['type'], string>> => ({ ...LABELS, decide: `Give the ${decisionName(stage)} decision`, ...(stage.sends?.byCustomerInPortal ? { complete: 'Send this message' } : {}) });

/** Who the customer deals with: the vendor the plan names, IQVIA for plans that name none. */
const vendorOf = (plan: PlanView): string => plan.vendorName ?? 'IQVIA';

/** The customer's view in the service desk portal: their plan in plain words, what they must do, what IQVIA is doing. */
export function PortalPanel() {
  const { load, plan, busy, act, reload } = usePlan();
  const { onAction, openDialog, dialogs } = usePlanActions(plan, act);
  const names = useMemo(() => (plan ? namesOf(plan) : new Map<string, string>()), [plan]);
  useEffect(() => {
    if (plan) preloadDialogs();
  }, [plan !== null]); // eslint-disable-line react-hooks/exhaustive-deps

  if (load.status === 'loading') return <Loading what="your plan" />;
  if (load.status === 'none') return <NoPlanQuiet />;
  if (load.status === 'error') return <LoadFailure refusal={load.refusal} onRetry={() => void reload()} />;
  if (!plan) return null;
  return (
    <div className="cs-stack">
      <Summary plan={plan} />
      <YourTurn plan={plan} busy={busy} onAction={onAction} openDialog={openDialog} />
      <YourDocuments plan={plan} names={names} openDialog={openDialog} />
      <IqviaNow plan={plan} />
      <YourEnvironments plan={plan} />
      <WholePlan plan={plan} names={names} />
      {dialogs}
    </div>
  );
}

function Summary({ plan }: { plan: PlanView }) {
  const progress = progressOf(plan.summary);
  const complete = progress.finished === progress.total;
  const moves = movesVersion(plan);
  const slot = slotStage(plan);
  const decider = decisionStage(plan);
  const scheduled = slot !== undefined || plan.phases.some((p) => p.stages.some((s) => s.due !== null));
  return (
    <ProgressHeader
      titleId="portal-title"
      title={moves ? `Your ClinSpark upgrade to ${plan.targetVersion}` : planTitle(plan)}
      subtitle={
        moves
          ? `From version ${plan.currentVersion}${plan.releasesCrossed.length > 1 ? `, through ${plan.releasesCrossed.length} releases (${plan.releasesCrossed.join(', ')})` : ''}.`
          : plan.createdAt
            ? `Requested on ${formatInstantDay(plan.createdAt)}.`
            : undefined
      }
      summary={plan.summary}
      noun="stages"
    >
      <RestoreNotice plan={plan} audience="customer" />
      <dl className="cs-facts">
        <div>
          <dt>Where we are</dt>
          <dd>{complete ? (moves ? 'The upgrade is complete' : 'Complete') : plan.summary.phase}</dd>
        </div>
        {slot && (
          <div>
            <dt>Upgrade date</dt>
            <dd>{plan.slot ? formatInstant(plan.slot) : <span className="cs-muted">Not fixed yet: IQVIA will agree a time slot with you</span>}</dd>
            {plan.slot && (
              <dd style={{ marginTop: 4 }}>
                <CalendarButton plan={plan} />
              </dd>
            )}
          </div>
        )}
        {plan.decision?.outcome && decider && (
          <div>
            <dt>{decisionName(decider)}</dt>
            <dd className={isNegativeOutcome(decider, plan.decision.outcome) ? 'cs-danger' : undefined}>{plan.decision.outcome}</dd>
          </div>
        )}
      </dl>
      {/* Phases without planned dates (nor a slot to come) would draw no bars. */}
      {scheduled && (
        <div style={{ marginTop: 16 }}>
          <Timeline plan={plan} compact />
        </div>
      )}
      {plan.attempts.length > 0 && (
        <p className="cs-muted" style={{ marginBottom: 0 }}>
          {plan.attempts
            .map((a) =>
              plan.rollbacks.some((r) => r.attempt === a.attempt)
                ? `Attempt ${a.attempt} ended with ${a.outcome} on ${formatInstant(a.endedAt)}; PROD MAIN went back to its previous version and a new slot ${a.attempt < plan.summary.attempt - 1 || plan.slot ? 'was agreed' : 'is being agreed'}.`
                : `Attempt ${a.attempt} ended with ${a.outcome} on ${formatInstant(a.endedAt)}; the stages it sent back are being done again.`,
            )
            .join(' ')}
        </p>
      )}
    </ProgressHeader>
  );
}

function YourTurn({ plan, busy, onAction, openDialog }: { plan: PlanView; busy: ReadonlySet<number>; onAction: (s: StageView, a: StageActionView) => void; openDialog: (request: DialogRequest) => void }) {
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
            // A step on hold for missing request details offers its details form.
            const extra = formButtons(plan, stage, { blockedOnly: true }).map(({ open, ...button }) => ({ ...button, onClick: () => openDialog({ ...open, plan }) }));
            return (
              <li key={stage.number}>
                <StageBlurb stage={stage} onSlot={awaitsSlot(plan, stage)} />
                {stage.sends?.byCustomerInPortal && (
                  <div className="cs-send-message" data-send-message={stage.number}>
                    <div>
                      Your message to {vendorOf(plan)}: <q className="cs-message-words">{stage.sends.message}</q>
                    </div>
                    <div className="cs-subtlest" style={{ marginTop: 4 }}>
                      Sending it finishes this stage. It is posted on this request as sent by you, from the portal.
                    </div>
                  </div>
                )}
                {pendingProposal(stage) && (
                  <p className="cs-proposal" data-proposal={stage.number} style={{ margin: '4px 0' }}>
                    IQVIA proposes <strong>{proposedValue(stage)}</strong>.{stage.proposal?.reason ? ` ${endSentence(`None of your preferred slots fits: “${stage.proposal.reason}”`)}` : ' It is one of the slots you preferred.'} Agree to it, or decline it with a reason.
                  </p>
                )}
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
                    labels={labelsFor(stage)}
                    extra={extra}
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

/** The parts present, with " · " only between two of them; the dot keeps to the part before it, so no line starts with it. */
function Joined({ parts }: { parts: ReactNode[] }) {
  return (
    <>
      {parts
        .filter((part) => part !== null && part !== undefined && part !== false && part !== '')
        .map((part, i) => (
          <Fragment key={i}>
            {i > 0 && '\u00a0· '}
            {part}
          </Fragment>
        ))}
    </>
  );
}

function StageBlurb({ stage, onSlot }: { stage: StageView; onSlot: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <div>
      <div>
        <strong>Stage {stage.number}.</strong> {stage.activity}
      </div>
      {stage.guidance && <div className="cs-guidance">{stage.guidance}</div>}
      <ReleaseNotes notes={stage.releaseNotes} />
      <div className="cs-subtlest" style={{ marginTop: 4 }}>
        <Joined
          parts={[
            stage.due ? <span className={stage.overdue ? 'cs-overdue' : undefined}>{stage.overdue ? `Was due ${formatDay(stage.due)}` : `Please finish by ${formatDay(stage.due)}`}</span> : onSlot ? 'On the day of the upgrade' : null,
            stage.notes && (
              <button type="button" className="cs-link-button" aria-expanded={open} aria-controls={`portal-notes-${stage.number}`} onClick={() => setOpen(!open)}>
                {open ? 'Hide details' : 'More details'}
              </button>
            ),
          ]}
        />
      </div>
      {open && (
        <div id={`portal-notes-${stage.number}`} className="cs-notes">
          {stage.notes}
        </div>
      )}
    </div>
  );
}

/**
 * The documents the customer records (the Specific UAT Definition, the access credentials, the signed DAC …) and, without
 * their references, whether IQVIA's are on record. Credentials are only ever confirmed as sent over a secure channel.
 */
function YourDocuments({ plan, names, openDialog }: { plan: PlanView; names: Names; openDialog: (request: DialogRequest) => void }) {
  const { yours, theirs } = customerDocuments(plan);
  if (yours.length === 0 && theirs.length === 0) return null;
  const viewer = plan.viewer.accountId;
  const record = (document: DocumentView): void => openDialog({ kind: 'document', plan, document });
  return (
    <section className="cs-card" aria-labelledby="your-documents">
      <h3 id="your-documents">Documents</h3>
      {yours.length > 0 && (
        <ul className="cs-todo-list" aria-label="Documents you provide">
          {yours.map((document) => (
            <li key={`${document.phase}/${document.document}`} data-document={document.document}>
              <div>
                <strong>{document.name}</strong>
                <span className="cs-subtlest">{'\u00a0· '}{document.phaseName}</span>
              </div>
              <div className="cs-subtlest" style={{ marginTop: 2 }}>
                {document.description}
              </div>
              <div className="cs-row" style={{ marginTop: 8, justifyContent: 'space-between', alignItems: 'flex-start' }}>
                <DocumentState document={document} viewer={viewer} names={names} />
                <RecordDocumentButton plan={plan} document={document} onRecord={record} label={document.secureChannelOnly ? 'I sent it securely' : document.recorded ? 'Record a newer version' : 'Record'} />
              </div>
            </li>
          ))}
        </ul>
      )}
      {theirs.length > 0 && (
        <>
          <h4 className="cs-subheading">From {vendorOf(plan)}</h4>
          <ul className="cs-doc-list">
            {theirs.map((document) => (
              <li key={`${document.phase}/${document.document}`}>
                <span>{document.name}</span>{' '}
                <span className="cs-subtlest">{document.recorded ? `recorded ${formatInstantDay(document.recorded.at)}` : 'not yet'}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function IqviaNow({ plan }: { plan: PlanView }) {
  const stages = iqviaNow(plan);
  const vendor = vendorOf(plan);
  return (
    <section className="cs-card" aria-labelledby="iqvia-now">
      <h3 id="iqvia-now">What {vendor} is doing now</h3>
      {stages.length === 0 ? (
        <p className="cs-muted" style={{ margin: 0 }}>
          {progressOf(plan.summary).finished === plan.summary.total
            ? movesVersion(plan) ? 'Nothing: your upgrade is complete.' : 'Nothing: the plan is complete.'
            : plan.restore
              ? `${vendor} is restoring PROD MAIN from its backup after the No-Go.`
              : yourTurn(plan).length > 0
                ? `${vendor} is waiting for the stages that are yours.`
                : `${vendor} has no stage under way this moment: the next one opens when the one before it is finished.`}
        </p>
      ) : (
        <ul className="cs-todo-list">
          {stages.map((stage) => (
            <li key={stage.number}>
              <div>
                <strong>Stage {stage.number}.</strong> {stage.activity}
              </div>
              <div className="cs-subtlest" style={{ marginTop: 4 }}>
                <Joined
                  parts={[
                    stage.status === 'in progress' ? 'In progress' : 'Next',
                    stage.due ? <span className={stage.overdue ? 'cs-overdue' : undefined}>{stage.overdue ? 'was expected by' : 'expected by'} {formatDay(stage.due)}</span> : awaitsSlot(plan, stage) && plan.slot ? `on ${formatInstant(plan.slot)}` : null,
                  ]}
                />
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

/** The customer's filter words: their own steps are "Yours". */
const PORTAL_FILTERS = { all: 'All', open: 'Open', mine: 'Yours', overdue: 'Overdue' } as const;

function WholePlan({ plan, names }: { plan: PlanView; names: Names }) {
  const viewer = plan.viewer.accountId;
  const groups = groupByPhase(plan);
  const [filter, setFilter] = useStageFilter('portal-panel', viewer);
  // Finished phases are folded to one line until opened; the person's own folding and opening is kept while the panel is open.
  const [toggled, setToggled] = useState<ReadonlyMap<string, boolean>>(new Map());
  // Folded are the phases finished when the panel opened: one the person finishes now stays open under their eyes.
  const [finishedPhases] = useState(() => foldedByDefault(groups));
  const isOpen = (id: string): boolean => toggled.get(id) ?? !finishedPhases.has(id);
  const flip = (id: string): void => setToggled((now) => new Map(now).set(id, !isOpen(id)));
  const shown = filterPhases(groups, filter, viewer, customersStep);
  return (
    <section aria-labelledby="whole-plan">
      <h3 id="whole-plan" className="cs-section-title">
        The whole plan
      </h3>
      <StageFilterBar filter={filter} onChange={setFilter} counts={filterCounts(groups, viewer, customersStep)} labels={PORTAL_FILTERS} label="Show stages" />
      {shown.length === 0 && <p className="cs-muted cs-filter-empty" role="status">{filter === 'mine' ? 'No open stage is yours right now.' : emptyFilterSentence(filter, 'stage')}</p>}
      {shown.map((phase) =>
        !isOpen(phase.id) ? (
          <div key={phase.id} className="cs-phase cs-phase-folded" data-phase={phase.id} data-folded-stages={phase.stages.length}>
            <h4 className="cs-phase-line">
              <button type="button" className="cs-phase-toggle" aria-expanded={false} onClick={() => flip(phase.id)}>
                <span className="cs-chevron" aria-hidden="true">▸</span> {phaseSummaryLine(groups.find((g) => g.id === phase.id) ?? phase)}
              </button>
            </h4>
          </div>
        ) : (
        <div key={phase.id} className="cs-phase" data-phase={phase.id}>
          <div className="cs-phase-head">
            <h4 className="cs-phase-line">
              <button type="button" className="cs-phase-toggle" aria-expanded={true} aria-controls={`portal-phase-${phase.id}`} onClick={() => flip(phase.id)}>
                <span className="cs-chevron" aria-hidden="true">▾</span> {phase.name}
              </button>
            </h4>
            <span className="cs-muted">
              {phase.finished} of {phase.total} done
              {usuallyTakes(phase)}
            </span>
          </div>
          {plan.phases.find((p) => p.id === phase.id)?.message && <PhaseMessage message={plan.phases.find((p) => p.id === phase.id)!.message!} vendor={vendorOf(plan)} viewer={plan.viewer.accountId} names={names} audience="customer" />}
          <ol className="cs-timeline" id={`portal-phase-${phase.id}`} aria-label={`${phase.name} stages`}>
            {phase.stages.map((stage) => {
              const status = customerStatus(stage);
              // IQVIA's own people stay internal to the customer: their steps are done "by IQVIA".
              const finished = finishedLine(stage, viewer, names, undefined, stage.roles.includes('Customer') ? undefined : vendorOf(plan));
              return (
                <li key={stage.number} data-stage={stage.number}>
                  <span className="cs-num">{stage.number}</span>
                  <div>
                    <div>{stage.activity}</div>
                    <div className="cs-subtlest">{customerFacingRoles(stage.roles, vendorOf(plan))}</div>
                    {finished && <div className="cs-finished-line" data-finished={stage.number}>{finished}</div>}
                    <Signatures stage={stage} />
                  </div>
                  <div className="cs-timeline-state">
                    <Lozenge appearance={status.appearance}>{status.text}</Lozenge>
                    {status.when && !finished && <div className={stage.overdue && !isFinishedStatus(stage.status) ? 'cs-overdue' : 'cs-subtlest'}>{status.when}</div>}
                    {status.when && finished && stage.status === 'skipped' && <div className="cs-subtlest">{status.when}</div>}
                  </div>
                </li>
              );
            })}
          </ol>
        </div>
        ),
      )}
    </section>
  );
}
