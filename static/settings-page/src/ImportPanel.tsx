/**
 * Import from CSV: the file (chosen or pasted) is checked by the server as a dry run, every row against the registry it
 * would land in; the preview names each bad row with its column and reason, and Import stays disabled until every row
 * is good. Nothing is written before that.
 */
import { useId, useState, type ChangeEvent } from 'react';
import Button from '@atlaskit/button/default/button';
import { HelperMessage, Label } from '@atlaskit/form';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import TextArea from '@atlaskit/textarea';
import { IMPORT_COLUMNS, IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from './importLimits';
import { call } from '../../shared/bridge';
import { nextStep, sentence } from '../../shared/refusal';
import type { ImportReport, Refusal } from '../../shared/types';

const OUTCOME = { register: { text: 'will be added', appearance: 'success' }, 'already registered': { text: 'already there', appearance: 'default' }, refused: { text: 'refused', appearance: 'removed' } } as const;

export default function ImportPanel({ onImported }: { onImported: () => void }) {
  const [csv, setCsv] = useState('');
  const [preview, setPreview] = useState<{ csv: string; report: ImportReport } | null>(null);
  const [done, setDone] = useState<ImportReport | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);
  const textId = useId();
  const fileId = useId();
  const tooBig = new TextEncoder().encode(csv).length > IMPORT_MAX_BYTES;

  const readFile = async (e: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = e.currentTarget.files?.[0];
    if (!file) return;
    setCsv(await file.text());
    setPreview(null);
    setDone(null);
  };
  const run = async (dryRun: boolean): Promise<void> => {
    setBusy(true);
    setRefusal(null);
    const answer = await call<ImportReport>('importEnvironments', { csv, dryRun });
    setBusy(false);
    if (!answer.ok) return setRefusal(answer.error);
    if (dryRun) setPreview({ csv, report: answer.data });
    else {
      setDone(answer.data);
      setPreview(null);
      onImported();
    }
  };
  const current = preview && preview.csv === csv ? preview.report : null;
  const toAdd = current?.rows.filter((r) => r.outcome === 'register').length ?? 0;
  const canImport = Boolean(current && current.errors.length === 0 && toAdd > 0) && !busy;
  return (
    <div className="cs-import" data-testid="environment-import">
      <div className="cs-field">
        <Label htmlFor={fileId}>CSV file</Label>
        <input id={fileId} type="file" accept=".csv,text/csv" onChange={(e) => void readFile(e)} />
      </div>
      <div className="cs-field">
        <Label htmlFor={textId}>Or paste its rows</Label>
        <TextArea id={textId} value={csv} onChange={(e) => setCsv(e.currentTarget.value)} minimumRows={5} maxHeight="40vh" isMonospaced isInvalid={tooBig} />
        <HelperMessage>
          One row per environment, the first row naming the columns: {IMPORT_COLUMNS.join(', ')}. Organization, kind and version are required. At most {IMPORT_MAX_ROWS} rows and {IMPORT_MAX_BYTES / 1024} KiB.
        </HelperMessage>
      </div>
      <div className="cs-row cs-field">
        <Button onClick={() => void run(true)} isDisabled={!csv.trim() || tooBig || busy}>
          Check rows
        </Button>
        <Button appearance="primary" onClick={() => void run(false)} isDisabled={!canImport} isLoading={busy && Boolean(current)}>
          Import
        </Button>
        <span className="cs-muted" role="status">
          {tooBig ? `The file is larger than ${IMPORT_MAX_BYTES / 1024} KiB: split it.` : !csv.trim() ? 'Choose or paste a file.' : !current ? 'Check the rows before importing.' : current.errors.length > 0 ? `${current.errors.length} row${current.errors.length === 1 ? '' : 's'} to fix: nothing is imported until every row is good.` : toAdd === 0 ? 'Every row is already in the registry.' : `${toAdd} environment${toAdd === 1 ? '' : 's'} ready to import.`}
        </span>
      </div>
      {refusal && (
        <SectionMessage appearance="error" title="The file was not imported">
          <p>
            {sentence(refusal.message)} {nextStep(refusal)}
          </p>
        </SectionMessage>
      )}
      {done && (
        <SectionMessage appearance={done.failure ? 'warning' : 'success'} title={done.failure ? 'The import stopped part-way' : 'Imported'}>
          <p>{done.failure ?? `Imported the environments of ${done.imported.map((o) => o.name).join(', ') || 'no organization (every row was already there)'}.`}</p>
        </SectionMessage>
      )}
      {current && (
        <table className="cs-env-table cs-import-preview">
          <caption className="cs-visually-hidden">Rows of the file and what the import does with each</caption>
          <colgroup>
            {[6, 24, 14, 10, 46].map((w, i) => (
              <col key={i} style={{ width: `${w}%` }} />
            ))}
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Organization</th>
              <th scope="col">Environment</th>
              <th scope="col">Version</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {current.rows.map((row) => {
              const errors = current.errors.filter((e) => e.row === row.row);
              return (
                <tr key={row.row} data-row={row.row} data-invalid={errors.length > 0}>
                  <th scope="row">{row.row}</th>
                  <td>{row.organization?.name ?? '—'}</td>
                  <td>{row.kind || '—'}</td>
                  <td>{row.version || '—'}</td>
                  <td>
                    <Lozenge appearance={OUTCOME[row.outcome].appearance}>{OUTCOME[row.outcome].text}</Lozenge>
                    {errors.map((e) => (
                      <div key={e.column + e.rule} className="cs-warning">
                        <strong>{e.column}</strong>: {sentence(e.message.startsWith(`${e.column}: `) ? e.message.slice(e.column.length + 2) : e.message)}
                      </div>
                    ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
