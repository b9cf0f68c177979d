import type { ReactNode } from 'react';
import { progressOf } from './plan';
import type { PlanView } from './types';

/**
 * The head both plan panels open with: the plan's heading (with badges on the right, a line under it), then how many
 * of its stages are finished as a bar and in words. What follows (facts, next actions) is each panel's own.
 */
export function ProgressHeader(props: { titleId: string; title: ReactNode; subtitle?: ReactNode; badges?: ReactNode; summary: PlanView['summary']; noun: 'stages'; showSkipped?: boolean; children?: ReactNode }) {
  const progress = progressOf(props.summary);
  const skipped = props.summary.skipped;
  return (
    <section className="cs-header" aria-labelledby={props.titleId}>
      <div className="cs-row" style={{ justifyContent: 'space-between' }}>
        <h2 id={props.titleId}>{props.title}</h2>
        {props.badges && <div className="cs-row">{props.badges}</div>}
      </div>
      {props.subtitle && (
        <p className="cs-muted" style={{ margin: '4px 0 0' }}>
          {props.subtitle}
        </p>
      )}
      <div className="cs-row" style={{ marginTop: 12 }}>
        <div
          className="cs-progress"
          role="progressbar"
          aria-label={`${props.noun[0]!.toUpperCase()}${props.noun.slice(1)} finished`}
          aria-valuemin={0}
          aria-valuemax={progress.total}
          aria-valuenow={progress.finished}
          aria-valuetext={`${progress.finished} of ${progress.total} ${props.noun} finished`}
        >
          <span style={{ width: `${progress.percent}%` }} />
        </div>
        <span className="cs-muted">
          {progress.finished} of {progress.total} {props.noun} finished
          {props.showSkipped && skipped > 0 ? ` (${skipped} skipped)` : ''}
        </span>
      </div>
      {props.children}
    </section>
  );
}
