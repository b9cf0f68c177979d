import Button from '@atlaskit/button/default/button';
import { ExternalLink } from './ExternalLink';
import { isHttpsLink } from './forms';
import { recordAvailability } from './planParts';
import { formatInstant } from './plan';
import { formatInstantDay } from './time';
import type { Names } from './people';
import { Person } from './Person';
import type { DocumentView, PlanView } from './types';

/** Whether a document is on record: who recorded it (by name), when, and its reference (a link when it is an https address) or that it went over a secure channel. */
export function DocumentState({ document, viewer, names, showReference = true }: { document: DocumentView; viewer: string; names: Names; showReference?: boolean }) {
  const recorded = document.recorded;
  if (!recorded) return <span className="cs-muted">Not recorded yet</span>;
  return (
    <div className="cs-doc-state">
      <div>
        <Person accountId={recorded.by} viewer={viewer} names={names} size="xsmall" />
        <span className="cs-subtlest">
          {' · '}
          <span title={formatInstant(recorded.at)}>{formatInstantDay(recorded.at)}</span>
        </span>
      </div>
      {recorded.reference === null ? (
        <div className="cs-subtlest">Sent over a secure channel (never stored)</div>
      ) : (
        showReference && <div className="cs-mono">{isHttpsLink(recorded.reference) ? <ExternalLink href={recorded.reference}>{recorded.reference}</ExternalLink> : recorded.reference}</div>
      )}
    </div>
  );
}

/**
 * The Record button of a document the viewer's role records; disabled, with why in words, while its phase is not under
 * way. The server checks the role, the phase and the order again and may still refuse: the dialog shows its refusal.
 */
export function RecordDocumentButton({ plan, document, onRecord, label }: { plan: Pick<PlanView, 'phases' | 'summary'>; document: DocumentView; onRecord: (document: DocumentView) => void; label?: string }) {
  const { offered, disabledReason } = recordAvailability(plan, document);
  if (!offered) return null;
  const whyId = `doc-why-${document.phase}-${document.document}`;
  const text = label ?? (document.secureChannelOnly ? 'Confirm sent' : document.recorded ? 'Record again' : 'Record');
  return (
    <div>
      <Button spacing="compact" appearance={document.recorded ? 'default' : 'primary'} isDisabled={Boolean(disabledReason)} aria-describedby={disabledReason ? whyId : undefined} aria-label={`${text}: ${document.name}`} onClick={() => onRecord(document)}>
        {text}
      </Button>
      {disabledReason && (
        <div id={whyId} className="cs-why">
          {disabledReason[0]!.toUpperCase() + disabledReason.slice(1)}.
        </div>
      )}
    </div>
  );
}
