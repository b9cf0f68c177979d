import Button from '@atlaskit/button/default/button';
import Lozenge from '@atlaskit/lozenge';
import { formatInstantDay } from './time';
import { personText, type Names } from './people';
import type { StageView } from './types';
import { TicketLink } from './TicketLink';

type Part = NonNullable<StageView['parts']>[number];

export interface StagePartsProps {
  stage: StageView;
  viewer: string;
  names: Names;
  busy: boolean;
  /** Opens the dialog that hands the part to someone (the server offers whom). */
  onHand: (stage: StageView, part: Part) => void;
  onAddress: (stage: StageView, part: Part) => void;
}

/** A step handled piece by piece (a validation ticket each): who handles each piece, whether it is addressed, and the viewer's buttons. */
export function StageParts({ stage, viewer, names, busy, onHand, onAddress }: StagePartsProps) {
  if (!stage.parts || stage.parts.length === 0) return null;
  const who = (id: string | null) => personText(id, viewer, names).text;
  return (
    <ul className="cs-parts" aria-label={`Parts of stage ${stage.number}`}>
      {stage.parts.map((part) => (
        <li key={part.key} data-part={part.key}>
          <strong>{/^[A-Z][A-Z0-9_]+-\d+$/.test(part.key) ? <TicketLink issueKey={part.key} /> : part.key}</strong>{' '}
          <span className="cs-subtlest">
            {part.handler ? `handled by ${who(part.handler)} (${part.handlerRole ?? ''})` : `handled by ${part.defaultRoles.join(' / ')}`}
            {part.reason ? ` — “${part.reason}”` : ''}
          </span>{' '}
          {part.addressed ? <Lozenge appearance="success">Addressed</Lozenge> : <Lozenge>Open</Lozenge>} {part.resolved ? <Lozenge appearance="success">Resolved</Lozenge> : null}
          {part.addressed && <div className="cs-subtlest">addressed by {who(part.addressed.by)} · {formatInstantDay(part.addressed.at)}{part.addressed.note ? ` — “${part.addressed.note}”` : ''}</div>}
          {!busy && (part.mayHand || part.mayAddress) && (
            <div className="cs-actions" role="group" aria-label={`Actions on ${part.key}`}>
              {part.mayAddress && (
                <Button spacing="compact" appearance="primary" onClick={() => onAddress(stage, part)}>
                  Mark addressed
                </Button>
              )}
              {part.mayHand && (
                <Button spacing="compact" appearance="subtle" onClick={() => onHand(stage, part)}>
                  Hand to…
                </Button>
              )}
            </div>
          )}
          {!busy && (part.handDisabledReason || part.addressDisabledReason) && <div className="cs-why">{part.addressDisabledReason ?? part.handDisabledReason}</div>}
        </li>
      ))}
    </ul>
  );
}
