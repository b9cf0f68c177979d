import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { formatInstant } from './plan';
import { slotStage } from './planParts';
import { dayOfUpgradeWindow, hourTicks, phaseDates, timelineModel, timelineSummary, timeScale, type TimelinePhase, type TimelineStage } from './timelineModel';
import { readerTimeZone } from './time';
import type { PlanView } from './types';

/** Follows the width of its container, so text stays at its real size whatever the panel's width. */
function useWidth(initial: number): [React.RefObject<HTMLDivElement>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    const node = ref.current;
    if (!node) return;
    const measure = (): void => setWidth(Math.max(320, Math.floor(node.getBoundingClientRect().width)));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(node);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

const AXIS_HEIGHT = 28;
const PHASE_ROW = 26;
const STAGE_ROW = 18;
/** Room above the rows for the two marker labels, one line each: the slot's on the first, today's on the second. */
const MARKER_ROW = 34;

const truncate = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1)).trimEnd()}…`);

function stageClass(stage: TimelineStage): string {
  if (stage.status === 'done') return 'cs-tl-done';
  if (stage.status === 'skipped') return 'cs-tl-skipped';
  if (stage.overdue) return 'cs-tl-overdue';
  if (stage.status === 'blocked') return 'cs-tl-blocked';
  if (stage.status === 'in progress') return 'cs-tl-active';
  return 'cs-tl-todo';
}

const STATUS_WORDS: Record<TimelineStage['status'], string> = { todo: 'to do', 'in progress': 'in progress', done: 'done', skipped: 'skipped', blocked: 'blocked' };

/**
 * The plan on a time axis, in plain SVG: one bar per phase from its start to its due day, the stages as markers
 * (finished ones where they were finished, open ones where they are due), today and the upgrade slot as lines.
 * `compact` draws the phases only (the customer portal). Only a plan with a slot step has a slot; phases the source
 * document gives no length show when their stages were finished.
 */
export function Timeline({ plan, now, compact = false }: { plan: Pick<PlanView, 'phases' | 'slot'> & { createdAt?: string; dayOfUpgrade?: PlanView['dayOfUpgrade'] }; now?: Date; compact?: boolean }) {
  const [ref, width] = useWidth(compact ? 640 : 880);
  const titleId = useId();
  const descId = useId();
  const at = useMemo(() => now ?? new Date(), [now]);
  // The step that confirms the slot, when the plan has one: its last phase happens on the slot.
  const slotStep = slotStage(plan);
  const hasSlot = slotStep !== undefined;
  const model = useMemo(() => timelineModel(plan, at, plan.createdAt ?? null), [plan, at]);
  // Near the agreed slot (or on the Day of Upgrade) the axis is the slot's hours, not the plan's months; the person may zoom out.
  const hours = useMemo(() => dayOfUpgradeWindow({ phases: plan.phases, dayOfUpgrade: plan.dayOfUpgrade ?? null }, at), [plan, at]);
  const [zoomOut, setZoomOut] = useState(false);
  const inHours = hours !== null && !zoomOut;

  const labelWidth = compact ? Math.min(150, Math.max(110, Math.round(width * 0.3))) : Math.min(320, Math.round(width * 0.36));
  const right = 16;
  const scale = inHours ? timeScale(hours.from, hours.to, labelWidth + 8, width - right) : timeScale(model.from, model.to, labelWidth + 8, width - right);
  const ticks = inHours ? hourTicks(hours.from, hours.to, (width - labelWidth) / 84, readerTimeZone()) : scale.ticks((width - labelWidth) / 72);
  // In hours, the slot's phase only, drawn over the slot; its open stages happen within it (their due day is the slot's).
  const phasesShown = inHours ? model.phases.filter((p) => p.name === hours.phase).map((p) => ({ ...p, start: hours.slotStart, end: hours.slotEnd, stages: p.stages.map((st) => ({ ...st, due: null })) })) : model.phases;
  const rows: { phase: TimelinePhase; stage?: TimelineStage }[] = phasesShown.flatMap((phase) => [{ phase }, ...(compact ? [] : phase.stages.map((stage) => ({ phase, stage })))]);
  const heightOf = (r: (typeof rows)[number]): number => (r.stage ? STAGE_ROW : PHASE_ROW);
  const top = MARKER_ROW;
  const bodyHeight = rows.reduce((n, r) => n + heightOf(r), 0);
  const height = top + bodyHeight + AXIS_HEIGHT;
  const slotText = model.slot !== null && plan.slot ? formatInstant(plan.slot) : null;
  const labelChars = Math.floor((labelWidth - 12) / 6.4);

  let y = top;
  const body = rows.map((row) => {
    const h = heightOf(row);
    const rowTop = y;
    y += h;
    const mid = rowTop + h / 2;
    const { phase, stage } = row;
    if (!stage) {
      const hasWindow = phase.start !== null && phase.end !== null;
      const x0 = hasWindow ? scale.x(phase.start!) : 0;
      const x1 = hasWindow ? Math.max(scale.x(phase.end!), x0 + (phase.onSlot ? 8 : 4)) : 0;
      return (
        <g key={`p-${phase.id}`} className={`cs-tl-phase cs-tl-phase-${phase.state}`}>
          <title>{`${phase.name}: ${phaseDates(phase)}; ${phase.finished} of ${phase.total} finished${phase.overdue ? `, ${phase.overdue} overdue` : ''}`}</title>
          {!compact && <rect className="cs-tl-band" x={0} y={rowTop} width={width} height={h} />}
          <text className="cs-tl-phase-label" x={4} y={mid + 4}>
            {truncate(phase.name, labelChars)}
          </text>
          {hasWindow ? (
            <>
              <rect className="cs-tl-phase-bar" x={x0} y={mid - 7} width={x1 - x0} height={14} rx={3} />
              {phase.total > 0 && phase.finished > 0 && <rect className="cs-tl-phase-progress" x={x0} y={mid - 7} width={(x1 - x0) * (phase.finished / phase.total)} height={14} rx={3} />}
            </>
          ) : (
            <text className="cs-tl-note" x={labelWidth + 8} y={mid + 4}>
              {phase.toBeAgreed ? 'End to be agreed' : !hasSlot ? 'No planned dates' : phase.onSlot || phase.stages.every((s) => s.due === null) ? (width - labelWidth > 420 ? `Not scheduled yet: the day comes with the confirmed slot (stage ${slotStep?.number})` : 'Not scheduled yet') : 'Dates not known yet'}
            </text>
          )}
        </g>
      );
    }
    const point = stage.finishedAt ?? stage.due;
    const cls = stageClass(stage);
    const px = point !== null ? scale.x(point) : null;
    const span = phase.start !== null && phase.end !== null ? [scale.x(phase.start), Math.max(scale.x(phase.end), scale.x(phase.start) + 2)] : null;
    const when = stage.finishedAt !== null ? `${STATUS_WORDS[stage.status]} ${formatInstant(new Date(stage.finishedAt).toISOString())}` : stage.due !== null ? `${STATUS_WORDS[stage.status]}, due ${phaseDates({ ...phase, start: stage.due, end: stage.due, onSlot: false })}${stage.overdue ? ' (overdue)' : ''}` : inHours ? `${STATUS_WORDS[stage.status]}, in the slot` : `${STATUS_WORDS[stage.status]}, no date yet`;
    return (
      <g key={`s-${stage.number}`} className={`cs-tl-stage ${cls}`}>
        <title>{`Stage ${stage.number}. ${stage.activity} — ${when}`}</title>
        <text className="cs-tl-stage-label" x={14} y={mid + 4}>
          <tspan className="cs-tl-num">{stage.number}</tspan> {truncate(stage.activity.replace(/\s+/g, ' '), labelChars - 4)}
        </text>
        {span && <line className="cs-tl-track" x1={span[0]} x2={span[1]} y1={mid} y2={mid} />}
        {stage.overdue && stage.finishedAt === null && px !== null && scale.x(model.today) > px && <line className="cs-tl-late" x1={px} x2={scale.x(model.today)} y1={mid} y2={mid} />}
        {px !== null &&
          (stage.finishedAt !== null ? (
            <circle className="cs-tl-marker" cx={px} cy={mid} r={4.5} />
          ) : (
            <path className="cs-tl-marker" d={`M ${px} ${mid - 5} L ${px + 5} ${mid} L ${px} ${mid + 5} L ${px - 5} ${mid} Z`} />
          ))}
      </g>
    );
  });

  const todayShown = !inHours || (model.today >= hours.from && model.today <= hours.to);
  const xToday = scale.x(model.today);
  const xSlot = model.slot !== null ? scale.x(model.slot) : null;
  // A label near the right edge is written to the left of its line.
  const todayLabelLeft = xToday > width - 60;
  const slotLabelLeft = xSlot !== null && xSlot > width - 110;
  const axisY = top + bodyHeight;

  return (
    <div ref={ref} className={`cs-tl${compact ? ' cs-tl-compact' : ''}`} data-timeline-scale={inHours ? 'hours' : 'plan'}>
      {hours && (
        <div className="cs-row cs-tl-zoom">
          <span className="cs-muted">{inHours ? `${hours.phase}, hour by hour (your time)` : 'The whole plan'}</span>
          <button type="button" className="cs-link-button" onClick={() => setZoomOut(!zoomOut)}>
            {inHours ? 'Show the whole plan' : `Zoom to the ${hours.phase}`}
          </button>
        </div>
      )}
      <svg role="img" aria-labelledby={`${titleId} ${descId}`} width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="cs-tl-svg">
        <title id={titleId}>{compact ? (hasSlot ? 'Your upgrade on a time line' : 'Your plan on a time line') : 'The plan on a time line'}</title>
        <desc id={descId}>{inHours ? `${hours.phase}, hour by hour. ${timelineSummary({ ...model, phases: phasesShown }, slotText, hasSlot)}` : timelineSummary(model, slotText, hasSlot)}</desc>
        <g aria-hidden="true">
          {ticks.map((t) => (
            <line key={`g-${t.at}`} className={t.major ? 'cs-tl-grid cs-tl-grid-major' : 'cs-tl-grid'} x1={scale.x(t.at)} x2={scale.x(t.at)} y1={top} y2={axisY} />
          ))}
          {body}
          <line className="cs-tl-axis" x1={labelWidth + 8} x2={width - right} y1={axisY} y2={axisY} />
          {ticks.map((t) => (
            <g key={`t-${t.at}`}>
              <line className="cs-tl-axis" x1={scale.x(t.at)} x2={scale.x(t.at)} y1={axisY} y2={axisY + 4} />
              <text className="cs-tl-tick" x={scale.x(t.at)} y={axisY + 17} textAnchor="middle">
                {t.label}
              </text>
            </g>
          ))}
          {todayShown && (
            <>
              <line className="cs-tl-today" x1={xToday} x2={xToday} y1={top - 4} y2={axisY} />
              <text className="cs-tl-today-label" x={xToday + (todayLabelLeft ? -4 : 4)} y={top - 5} textAnchor={todayLabelLeft ? 'end' : 'start'}>
                Today
              </text>
            </>
          )}
          {xSlot !== null && (
            <>
              <line className="cs-tl-slot" x1={xSlot} x2={xSlot} y1={top - 30} y2={axisY} />
              <path className="cs-tl-slot-flag" d={`M ${xSlot} ${top - 30} l 7 4.5 l -7 4.5 Z`} />
              <text className="cs-tl-slot-label" x={xSlot + (slotLabelLeft ? -4 : 10)} y={top - 21} textAnchor={slotLabelLeft ? 'end' : 'start'}>
                Upgrade slot
              </text>
            </>
          )}
        </g>
      </svg>
      <ul className="cs-tl-legend" aria-hidden="true">
        {!compact && (
          <>
            <li>
              <span className="cs-tl-key cs-tl-done-key" /> finished (when)
            </li>
            <li>
              <span className="cs-tl-key cs-tl-todo-key" /> open (when due)
            </li>
            <li>
              <span className="cs-tl-key cs-tl-overdue-key" /> overdue
            </li>
          </>
        )}
        <li>
          <span className="cs-tl-key cs-tl-today-key" /> today
        </li>
        {hasSlot && (
          <li>
            <span className="cs-tl-key cs-tl-slot-key" /> upgrade slot{slotText ? `: ${slotText}` : ' not confirmed yet'}
          </li>
        )}
        {model.startEstimated && !compact && <li className="cs-subtlest">The first phase is drawn from an estimated start.</li>}
      </ul>
    </div>
  );
}
