import Lozenge from '@atlaskit/lozenge';
import type { DialogRequest } from '../../shared/dialogs/index';
import { DocumentState, RecordDocumentButton } from '../../shared/Documents';
import { documentPhases, type PhaseProgress } from '../../shared/planParts';
import type { Names } from '../../shared/people';
import type { PlanView } from '../../shared/types';
import { TableColumns } from '../../shared/TableColumns';

const PROGRESS: Record<PhaseProgress, { text: string; appearance: 'inprogress' | 'success' | 'default' }> = {
  'under way': { text: 'Under way', appearance: 'inprogress' },
  closed: { text: 'Closed', appearance: 'success' },
  'not started': { text: 'Not started', appearance: 'default' },
};

const COLUMNS = [
  { key: 'document', label: 'Document', width: 46 },
  { key: 'recorded', label: 'On record', width: 32 },
  { key: 'action', label: 'Action', width: 22 },
] as const;

/**
 * The documents each phase asks for, and which are on record: who recorded them, when, where they are kept (credentials:
 * only that they went over a secure channel). A person whose role records a document records it here.
 */
export default function DocumentsTab({ plan, names, openDialog }: { plan: PlanView; names: Names; openDialog: (request: DialogRequest) => void }) {
  const phases = documentPhases(plan);
  const viewer = plan.viewer.accountId;
  if (phases.length === 0) return <p className="cs-muted">This plan asks for no documents.</p>;
  return (
    <div>
      <p className="cs-muted" style={{ margin: 0 }}>
        A phase cannot close before its documents are recorded; they are recorded while it is under way. The plan keeps each document's reference (identifier or link), never its content.
      </p>
      {phases.map((phase) => (
        <section key={phase.id} className="cs-phase" aria-labelledby={`docs-${phase.id}`}>
          <div className="cs-phase-head">
            <h3 id={`docs-${phase.id}`}>{phase.name}</h3>
            <Lozenge appearance={PROGRESS[phase.progress].appearance}>{PROGRESS[phase.progress].text}</Lozenge>
            <span className="cs-muted">
              {phase.recorded} of {phase.documents.length} recorded
            </span>
          </div>
          <table className="cs-stage-table" aria-labelledby={`docs-${phase.id}`}>
            <TableColumns columns={COLUMNS} />
            <tbody>
              {phase.documents.map((document) => (
                <tr key={document.document} data-document={document.document}>
                  <td>
                    <div className="cs-activity">
                      <strong>{document.name}</strong>
                      {document.secureChannelOnly && (
                        <>
                          {' '}
                          <Lozenge appearance="moved">Secure channel</Lozenge>
                        </>
                      )}
                    </div>
                    <div className="cs-subtlest">{document.description}</div>
                  </td>
                  <td>
                    <DocumentState document={document} viewer={viewer} names={names} />
                  </td>
                  <td>
                    <RecordDocumentButton plan={plan} document={document} onRecord={(d) => openDialog({ kind: 'document', plan, document: d })} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
