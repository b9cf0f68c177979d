import { useEffect, useRef, useState } from 'react';
import Button from '@atlaskit/button/default/button';
import { actionLabel, disabledExplanations, isFinishedStatus, stageButtons } from './plan';
import { RowRefusalMessage } from './rowRefusal';
import { earlyQuestion } from './stageList';
import type { StageActionView, StageView } from './types';

export interface StageActionsProps {
  stage: StageView;
  busy: boolean;
  onAction: (stage: StageView, action: StageActionView) => void;
  /** Buttons the stage's form adds (a backup, request details, a document it produces); a disabled one says why with the others. */
  extra?: readonly { key: string; label: string; onClick: () => void; disabledReason?: string }[];
  /** Plain-word labels for the customer portal. */
  labels?: Partial<Record<StageActionView['type'], string>>;
}

const APPEARANCE: Record<StageActionView['type'], 'primary' | 'default' | 'subtle'> = { start: 'default', complete: 'primary', decide: 'primary', skip: 'subtle', block: 'subtle', reopen: 'default', propose: 'primary', agree: 'primary', decline: 'default', reassign: 'subtle' };

/** The actions the server says the viewer may take on a stage (a decision's options as one button); a disabled one says why, in words, next to it. */
export function StageActions({ stage: given, busy, onAction, extra = [], labels = {} }: StageActionsProps) {
  // A finished stage shows no dead buttons (nor why they are dead): only what can still be done, such as Reopen.
  const stage = isFinishedStatus(given.status) ? { ...given, actions: given.actions.filter((a) => !a.disabledReason) } : given;
  const frame = { 'data-stage-actions': stage.number, tabIndex: -1, className: 'cs-actions-frame' };
  // Acting on a Day of Upgrade stage before the agreed slot starts is asked first (the view marks such stages early).
  const [early, setEarly] = useState<{ label: string; run: () => void } | null>(null);
  const ask = (label: string, run: () => void, reassigns = false): void => (stage.earlyWarning && !reassigns ? setEarly({ label, run }) : run());
  if (early && stage.earlyWarning && !busy)
    return (
      <div {...frame}>
        <EarlyConfirm question={earlyQuestion(stage.earlyWarning.slotStart, early.label)} onYes={() => { setEarly(null); early.run(); }} onNo={() => setEarly(null)} />
      </div>
    );
  if (busy)
    return (
      <div {...frame} aria-label={`Stage ${stage.number}`}>
        <span className="cs-subtlest" role="status">
          Saving…
        </span>
      </div>
    );
  if (stage.actions.length === 0 && extra.length === 0)
    return (
      <div {...frame}>
        <RowRefusalMessage stage={stage.number} />
      </div>
    );
  const whyId = `why-${stage.number}`;
  const why = disabledExplanations(stage.actions, stage, extra);
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
            onClick={() => ask(labels[action.type] ?? actionLabel(action.type, stage), () => onAction(given, action), action.type === 'reassign')}
          >
            {labels[action.type] ?? actionLabel(action.type, stage)}
          </Button>
        ))}
        {extra.map((e) => (
          <Button key={e.key} spacing="compact" isDisabled={Boolean(e.disabledReason)} aria-describedby={e.disabledReason ? whyId : undefined} onClick={() => ask(e.label, e.onClick)}>
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
      <RowRefusalMessage stage={stage.number} />
    </div>
  );
}

/** The early action's question, in the row acted on; focus moves to it, and back to the row's buttons once answered. */
function EarlyConfirm({ question, onYes, onNo }: { question: string; onYes: () => void; onNo: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.querySelector<HTMLElement>('button')?.focus(), []);
  return (
    <div ref={box} className="cs-early" role="group" aria-label="Before the agreed slot" data-early-confirm>
      <p className="cs-early-question">{question}</p>
      <div className="cs-actions">
        <Button spacing="compact" appearance="warning" onClick={onYes}>
          Yes, now
        </Button>
        <Button spacing="compact" appearance="subtle" onClick={onNo}>
          Not yet
        </Button>
      </div>
    </div>
  );
}
