import SectionMessage, { SectionMessageAction } from './SectionMessage';
import Spinner from '@atlaskit/spinner';
import { nextStep, sentence } from './refusal';
import type { Refusal } from './types';

export function Loading({ what }: { what: string }) {
  return (
    <div className="cs-row cs-loading" role="status" aria-live="polite">
      <Spinner size="medium" label={`Loading ${what}`} />
      <span className="cs-muted">Loading {what}…</span>
    </div>
  );
}

/** The ticket is not part of any plan: say so plainly, and what would make one. */
export function NoPlan() {
  return (
    <SectionMessage appearance="information" title="This ticket belongs to no plan">
      <p>
        A plan starts when a customer raises an upgrade intent, VAL instance request, PROD upgrade request, PROD go-live or implementation request in the service desk.
        Tickets of an existing upgrade plan (validation issues, the PROD request) join it when they name its organization and target version.
      </p>
    </SectionMessage>
  );
}

/** The portal panel shows on every request of every portal: where the app has no plan it says one quiet line, no message box. */
export function NoPlanQuiet() {
  return (
    <p className="cs-muted" data-testid="no-plan">
      No ClinSpark plan follows this request.
    </p>
  );
}

export function LoadFailure({ refusal, onRetry }: { refusal: Refusal; onRetry: () => void }) {
  return (
    <SectionMessage appearance="error" title="The plan could not be loaded" actions={[<SectionMessageAction key="retry" onClick={onRetry}>Try again</SectionMessageAction>]}>
      <p>{sentence(refusal.message)}</p>
      <p>{nextStep(refusal)}</p>
    </SectionMessage>
  );
}
