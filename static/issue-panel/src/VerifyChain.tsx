import { lazy, Suspense, useState } from 'react';
import Button from '@atlaskit/button/default/button';
import SectionMessage from '@atlaskit/section-message';
import { call } from '../../shared/bridge';
import { formatInstant } from '../../shared/plan';
import type { AuditVerification } from '../../shared/record';
import { nextStep, sentence } from '../../shared/refusal';
import { Loading } from '../../shared/states';
import type { Refusal } from '../../shared/types';

const PlanRecordView = lazy(() => import('./PlanRecordView'));

type Check = { status: 'idle' } | { status: 'checking' } | { status: 'done'; verification: AuditVerification } | { status: 'refused'; refusal: Refusal };

/**
 * The History tab's evidence bar: "Verify the audit trail" asks the server to check the chains of the plan and of its
 * organization's environments against storage (nothing the panel holds is trusted); "Printable record" opens the plan's
 * record, built for paper, in the panel.
 */
export default function VerifyChain() {
  const [check, setCheck] = useState<Check>({ status: 'idle' });
  const [recordOpen, setRecordOpen] = useState(false);
  const verify = (): void => {
    setCheck({ status: 'checking' });
    void call<AuditVerification>('verifyAudit').then((answer) => setCheck(answer.ok ? { status: 'done', verification: answer.data } : { status: 'refused', refusal: answer.error }));
  };
  return (
    <div className="cs-verify" style={{ marginBottom: 12 }}>
      <div className="cs-row" style={{ gap: 8 }}>
        <Button isDisabled={check.status === 'checking'} onClick={verify}>
          {check.status === 'checking' ? 'Verifying the audit trail…' : 'Verify the audit trail'}
        </Button>
        <Button onClick={() => setRecordOpen(true)}>Printable record</Button>
      </div>
      {check.status === 'done' && (
        <div style={{ marginTop: 8 }} data-testid="chain-verification">
          <SectionMessage appearance={check.verification.plan.ok && check.verification.registry.ok ? 'success' : 'error'} title={check.verification.plan.ok && check.verification.registry.ok ? 'The audit trail is intact' : 'The audit trail is broken'}>
            <p>{check.verification.plan.summary}</p>
            <p>{check.verification.registry.summary}</p>
            <p className="cs-subtlest">Checked on the server against the stored trail, {formatInstant(check.verification.verifiedAt)}.</p>
          </SectionMessage>
        </div>
      )}
      {check.status === 'refused' && (
        <div style={{ marginTop: 8 }}>
          <SectionMessage appearance="error" title="The audit trail could not be verified">
            <p>
              {sentence(check.refusal.message)} {nextStep(check.refusal)}
            </p>
          </SectionMessage>
        </div>
      )}
      {recordOpen && (
        <Suspense fallback={<Loading what="the printable record" />}>
          <PlanRecordView onClose={() => setRecordOpen(false)} />
        </Suspense>
      )}
    </div>
  );
}
