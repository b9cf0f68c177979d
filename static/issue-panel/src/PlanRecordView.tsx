import { useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import Button from '@atlaskit/button/default/button';
import SectionMessage from '@atlaskit/section-message';
import { call } from '../../shared/bridge';
import { downloadText } from '../../shared/download';
import { namesOf } from '../../shared/people';
import { bothZones, printedName, RECORD_CSS, recordDocument, recordFileName, recordStages, recordTrailRow, type PlanRecord, type RecordSignature, type TrailVerification } from '../../shared/record';
import { nextStep, sentence } from '../../shared/refusal';
import { Loading } from '../../shared/states';
import { readerTimeZone, zoneLabel } from '../../shared/time';
import type { InstanceView, Refusal } from '../../shared/types';
import type { Names } from '../../shared/people';

function When({ at }: { at: string | null }) {
  const { utc, local } = bothZones(at);
  return (
    <>
      {utc}
      {local && <span className="cs-record-local">{local}</span>}
    </>
  );
}

/** A sentence with its SHA-256 hashes set as hashes: they may wrap anywhere, the words around them may not. */
function hashesMarked(text: string) {
  return text.split(/([0-9a-f]{64})/).map((part, i) => (i % 2 === 1 ? <span key={i} className="cs-record-hash">{part}</span> : part));
}

function Verification({ what, v }: { what: string; v: TrailVerification }) {
  return (
    <div className={`cs-record-check${v.ok ? '' : ' cs-record-broken'}`}>
      <p>
        <strong>{what}: {v.ok ? 'verified' : 'BROKEN'}</strong>
      </p>
      <p>{hashesMarked(v.summary)}</p>
      <p>
        Head hash (SHA-256): <span className="cs-record-hash">{v.head ?? '—'}</span>
      </p>
    </div>
  );
}

function Signatures({ signatures }: { signatures: readonly RecordSignature[] }) {
  if (signatures.length === 0) return null;
  return (
    <>
      {signatures.map((s, i) => (
        <div key={i}>
          <strong>{s.name}</strong>, “{s.meaning}”, <When at={s.at} />
          {s.check === 'not kept' ? (
            <span> (the signed record of an earlier attempt is no longer kept on the plan; its audit entry is below)</span>
          ) : (
            !s.valid && <span className="cs-record-sig-broken"> — signature BROKEN: the record changed after it was signed</span>
          )}
        </div>
      ))}
    </>
  );
}

/** An instance's IQ documentation records, each with its signature (who, meaning, when, whether it verifies) or where it was signed. */
function IqRecords({ env, names }: { env: InstanceView; names: Names }) {
  return (
    <table data-record-iq={env.name}>
      <caption>IQ documentation of {env.name}</caption>
      <thead>
        <tr>
          <th style={{ width: '20%' }}>Recorded</th>
          <th style={{ width: '20%' }}>Who</th>
          <th style={{ width: '25%' }}>Document, version</th>
          <th style={{ width: '35%' }}>Signature</th>
        </tr>
      </thead>
      <tbody>
        {env.iqDocumentation.map((d, i) => (
          <tr key={i}>
            <td data-label="Recorded">
              <When at={d.at} />
            </td>
            <td data-label="Who">{printedName(d.by, names)}</td>
            <td data-label="Document, version">
              {d.reference ?? '—'}, {d.version}
              {d.documentedOn && <> (documented {d.documentedOn})</>}
            </td>
            <td data-label="Signature">
              {d.signature ? (
                <Signatures signatures={[{ name: d.signature.name, meaning: d.signature.meaning, at: d.signature.at, valid: d.signature.check === 'valid', check: d.signature.check, stage: null }]} />
              ) : d.documentedOn ? (
                'Transcribed from its document, signed outside the app'
              ) : (
                'No signature on this record (a plan that keeps its IQ documentation signs it on its stage)'
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The record itself: what a QA reviewer files. Pure markup and the record's own style, so it prints and saves the same. */
function RecordBody({ record }: { record: PlanRecord }) {
  const { view, verification } = record;
  const names = useMemo(() => namesOf(view), [view]);
  const stages = useMemo(() => recordStages(record), [record]);
  const phases = [...new Set(stages.map((s) => s.phase))];
  const planSignatures = (record.signatures ?? []).filter((s) => s.stage === null);
  return (
    <article className="cs-record" aria-label="Plan record">
      <h1>Plan record: {view.title}</h1>
      <dl>
        <dt>Ticket</dt>
        <dd>{view.tickets.map((t) => `${t.key} (${t.label})`).join(', ') || view.ticketKey}</dd>
        <dt>Plan</dt>
        <dd>
          {view.planId}, revision {view.revision}
        </dd>
        <dt>Target version</dt>
        <dd>{view.summary.targetVersion || '—'}</dd>
        <dt>Phase</dt>
        <dd>
          {view.summary.phase}; decision: {view.summary.decision}
        </dd>
        <dt>Created</dt>
        <dd>
          <When at={view.createdAt} />
        </dd>
        <dt>Record made</dt>
        <dd>
          <When at={record.generatedAt} /> by {printedName(view.viewer.accountId, names)}; times in UTC and in {zoneLabel(readerTimeZone(), new Date(record.generatedAt))}
        </dd>
      </dl>

      <section>
        <h2>Audit trail verification</h2>
        <Verification what="Plan" v={verification.plan} />
        <Verification what="Environments" v={verification.registry} />
        <p>Checked on the server against the stored trail when this record was made; each entry carries the SHA-256 of its content and of the entry before it.</p>
      </section>

      {planSignatures.length > 0 && (
        <section>
          <h2>Signatures of the plan</h2>
          <Signatures signatures={planSignatures} />
        </section>
      )}

      <section>
        <h2>Stages</h2>
        {phases.map((phase) => (
          <div key={phase}>
            <h3>{phase}</h3>
            <table>
              <thead>
                <tr>
                  <th style={{ width: '5%' }}>#</th>
                  <th style={{ width: '27%' }}>Stage</th>
                  <th style={{ width: '10%' }}>Status</th>
                  <th style={{ width: '16%' }}>Who</th>
                  <th style={{ width: '17%' }}>When</th>
                  <th style={{ width: '25%' }}>Reason, outcome, signatures</th>
                </tr>
              </thead>
              <tbody>
                {stages
                  .filter((s) => s.phase === phase)
                  .map((s) => (
                    <tr key={s.number}>
                      <td data-label="#">{s.number}</td>
                      <td data-label="Stage">{s.activity}</td>
                      <td data-label="Status">{s.status}</td>
                      <td data-label="Who">
                        {s.actedBy ?? '—'}
                        {s.actedBy !== s.owner && <span className="cs-record-local">owner: {s.owner}</span>}
                      </td>
                      <td data-label="When">
                        <When at={s.actedAt} />
                      </td>
                      <td data-label="Reason, outcome, signatures">
                        {s.outcome && <div>Outcome: {s.outcome}</div>}
                        {s.reason && <div>“{s.reason}”</div>}
                        <Signatures signatures={s.signatures} />
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        ))}
      </section>

      <section>
        <h2>Attempts</h2>
        {view.attempts.length === 0 ? (
          <p>One attempt, the current one: no earlier attempt ended.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Attempt</th>
                <th>Ended by</th>
                <th>When</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {view.attempts.map((a) => (
                <tr key={a.attempt}>
                  <td data-label="Attempt">{a.attempt}</td>
                  <td data-label="Ended by">{a.outcome}</td>
                  <td data-label="When">
                    <When at={a.endedAt} />
                  </td>
                  <td data-label="Reason">{a.reason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p>The current attempt is attempt {view.attempts.length + 1}; every attempt's entries are in the audit trail below.</p>
      </section>

      <section>
        <h2>Environments and their changes</h2>
        {(view.environments ?? []).length === 0 && <p>No environment of this organization is recorded.</p>}
        {(view.environments ?? []).map((env) => (
          <div key={env.name}>
            <h3>
              {env.name}: {env.version}, {env.state}
            </h3>
            <table>
              <thead>
                <tr>
                  <th style={{ width: '20%' }}>When</th>
                  <th style={{ width: '20%' }}>Who</th>
                  <th style={{ width: '30%' }}>Change</th>
                  <th style={{ width: '30%' }}>Reason</th>
                </tr>
              </thead>
              <tbody>
                {env.history.map((h, i) => (
                  <tr key={i}>
                    <td data-label="When">
                      <When at={h.at} />
                    </td>
                    <td data-label="Who">{printedName(h.by, names)}</td>
                    <td data-label="Change">
                      {h.from ?? 'new'} → {h.to}, {h.version}
                    </td>
                    <td data-label="Reason">{h.reason ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {env.iqDocumentation.length > 0 && <IqRecords env={env} names={names} />}
          </div>
        ))}
      </section>

      <section>
        <h2>Audit trail ({record.trail.length} entries)</h2>
        <table>
          <thead>
            <tr>
              <th style={{ width: '4%' }}>#</th>
              <th style={{ width: '13%' }}>When</th>
              <th style={{ width: '14%' }}>Who</th>
              <th style={{ width: '12%' }}>What</th>
              <th style={{ width: '28%' }}>Before → after</th>
              <th style={{ width: '17%' }}>Why</th>
              <th style={{ width: '12%' }}>Hash</th>
            </tr>
          </thead>
          <tbody>
            {record.trail.map((entry) => {
              const row = recordTrailRow(entry, names);
              return (
                <tr key={row.seq}>
                  <td data-label="#">{row.seq}</td>
                  <td data-label="When">
                    <When at={row.at} />
                  </td>
                  <td data-label="Who">
                    {row.who}
                    <span className="cs-record-local">{row.role}</span>
                  </td>
                  <td data-label="What">
                    {row.action}
                    <span className="cs-record-local">
                      {row.stage === 'Plan' ? 'the plan' : `stage ${row.stage}`}, attempt {row.attempt}
                    </span>
                  </td>
                  <td data-label="Before → after">{row.change}</td>
                  <td data-label="Why">{row.reason || '—'}</td>
                  <td data-label="Hash" className="cs-record-hash">{row.hash}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <footer>
        ClinSpark upgrade planner. Plan {view.planId}, revision {view.revision}; plan head hash <span className="cs-record-hash">{verification.plan.head ?? '—'}</span>.
      </footer>
    </article>
  );
}

/**
 * The printable plan record, shown in the panel in place of the plan (inside #root, whose height Jira sizes the panel by),
 * with "Print or save as PDF" (the browser's print of this frame, A4) and the same record as an HTML file to print from
 * the browser when the panel's frame may not open the print dialog.
 */
export default function PlanRecordView({ onClose }: { onClose: () => void }) {
  const [record, setRecord] = useState<PlanRecord | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const article = useRef<HTMLDivElement>(null);
  const host = useMemo(() => {
    const node = document.createElement('div');
    node.className = 'cs-print-root';
    return node;
  }, []);
  useEffect(() => {
    const root = document.getElementById('root') ?? document.body;
    root.appendChild(host);
    document.body.classList.add('cs-record-open');
    window.scrollTo(0, 0);
    let live = true;
    void call<PlanRecord>('getPlanRecord').then((answer) => {
      if (!live) return;
      if (answer.ok) setRecord(answer.data);
      else setRefusal(answer.error);
    });
    return () => {
      live = false;
      document.body.classList.remove('cs-record-open');
      host.remove();
    };
  }, [host]);
  const download = (): void => {
    if (!record || !article.current) return;
    downloadText(recordFileName(record.view.ticketKey, new Date()), recordDocument(`Plan record: ${record.view.title}`, article.current.innerHTML), 'text/html;charset=utf-8', { bom: false });
  };
  return createPortal(
    <div>
      <style>{RECORD_CSS}</style>
      <div className="cs-record-toolbar cs-row" style={{ gap: 8, padding: '8px 16px' }}>
        <Button appearance="primary" isDisabled={!record} onClick={() => window.print()}>
          Print or save as PDF
        </Button>
        <Button isDisabled={!record} onClick={download}>
          Download the record (.html)
        </Button>
        <Button onClick={onClose}>Back to the plan</Button>
      </div>
      {refusal && (
        <SectionMessage appearance="error" title="The record could not be made">
          <p>
            {sentence(refusal.message)} {nextStep(refusal)}
          </p>
        </SectionMessage>
      )}
      {!record && !refusal && <Loading what="the printable record" />}
      {record && (
        <div ref={article}>
          <RecordBody record={record} />
        </div>
      )}
    </div>,
    host,
  );
}
