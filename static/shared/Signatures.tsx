import type { InstanceView, StageView } from './types';
import { formatInstant } from './time';

/** UTC as a signature states it ("2026-11-23 09:00 UTC"): the reader's own zone is shown beside it. */
const utcOf = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

const CHECKED: Record<StageView['signatures'][number]['check'], string> = {
  valid: 'verified',
  broken: 'BROKEN: the record changed after it was signed',
  'not kept': 'its record is kept in the audit only',
};

type IqSignatureView = NonNullable<InstanceView['iqDocumentation'][number]['signature']>;

/** The signature on an environment's IQ record, as a stage's reads: printed name, meaning, UTC and the reader's zone, whether it verifies. */
export function IqSignature({ instance, signature }: { instance: string; signature: IqSignatureView }) {
  const check = signature.check === 'broken' ? CHECKED.broken : 'verified';
  return (
    <div data-iq-signature={instance} data-signature-check={signature.check} className={signature.check === 'broken' ? 'cs-overdue' : 'cs-subtlest'}>
      Signed by <strong>{signature.name}</strong> — “{signature.meaning}” — {utcOf(signature.at)} ({formatInstant(signature.at)}) · {check}
    </div>
  );
}

/** The electronic signatures on a stage (Part 11 §11.50): printed name, meaning, UTC and the reader's zone, and whether each still verifies. */
export function Signatures({ stage }: { stage: Pick<StageView, 'number' | 'signatures'> }) {
  if (stage.signatures.length === 0) return null;
  return (
    <ul className="cs-signatures" aria-label={`Signatures on stage ${stage.number}`}>
      {stage.signatures.map((s) => (
        <li key={`${s.seq}-${s.hash}`} data-signature={stage.number} data-signature-check={s.check} className={s.check === 'broken' ? 'cs-overdue' : 'cs-subtlest'}>
          Signed by <strong>{s.name}</strong> — “{s.meaning}” — {utcOf(s.at)} ({formatInstant(s.at)}) · attempt {s.attempt} · {CHECKED[s.check]}
        </li>
      ))}
    </ul>
  );
}
