import Button from '@atlaskit/button/default/button';
import { actionLabel, disabledExplanations, stageButtons } from './plan';
import type { StageActionView, StageView } from './types';

export interface StageActionsProps {
  stage: StageView;
  busy: boolean;
  onAction: (stage: StageView, action: StageActionView) => void;
  /** Buttons the stage's form adds (a backup, request details, a document it produces). */
  extra?: readonly { key: string; label: string; onClick: () => void }[];
  /** Plain-word labels for the customer portal. */
  labels?: Partial<Record<StageActionView['type'], string>>;
}

const APPEARANCE: Record<StageActionView['type'], 'primary' | 'default' | 'subtle'> = { start: 'default', complete: 'primary', decide: 'primary', skip: 'subtle', block: 'subtle', reopen: 'default', propose: 'primary', agree: 'primary', decline: 'default', reassign: 'subtle' };

/** The actions the server says the viewer may take on a stage (a decision's options as one button); a disabled one says why, in words, next to it. */
export function StageActions({ stage, busy, onAction, extra = [], labels = {} }: StageActionsProps) {
  const frame = { 'data-stage-actions': stage.number, tabIndex: -1, className: 'cs-actions-frame' };
  if (busy)
    return (
      <div {...frame} aria-label={`Stage ${stage.number}`}>
        <span className="cs-subtlest" role="status">
          Saving…
        </span>
      </div>
    );
  if (stage.actions.length === 0 && extra.length === 0) return <div {...frame} />;
  const whyId = `why-${stage.number}`;
  const why = disabledExplanations(stage.actions, stage);
  return (
    <div {...frame}>
      <div className="cs-actions" role="group" aria-label={`Actions on stage ${stage.number}`}>
        {stageButtons(stage.actions).map((action) => (
          <Button
            key={action.type}
            spacing="compact"
            appearance={APPEARANCE[action.type]}
            isDisabled={Boolean(action.disabledReason)}
            aria-describedby={action.disabledReason ? whyId : undefined}
            onClick={() => onAction(stage, action)}
          >
            {labels[action.type] ?? actionLabel(action.type, stage)}
          </Button>
        ))}
        {extra.map((e) => (
          <Button key={e.key} spacing="compact" onClick={e.onClick}>
            {e.label}
          </Button>
        ))}
      </div>
      {why.length > 0 && (
        <div id={whyId} className="cs-why">
          {why.map((w) => (
            <div key={w}>{w}</div>
          ))}
        </div>
      )}
    </div>
  );
}
