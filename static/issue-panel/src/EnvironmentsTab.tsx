import { useEffect, useState } from 'react';
import SectionMessage from '@atlaskit/section-message';
import { call } from '../../shared/bridge';
import type { DialogRequest } from '../../shared/dialogs/index';
import { Environments } from '../../shared/Environments';
import type { Names } from '../../shared/people';
import { nextStep, sentence } from '../../shared/refusal';
import { Loading } from '../../shared/states';
import type { InstanceView, PlanView, Refusal } from '../../shared/types';

const IQ_ROLES = ['IQVIA Engineer', 'IQVIA PM'];

/** The organization's environments; the plan view carries them, an older server is asked with getEnvironments. */
export default function EnvironmentsTab({ plan, names, openDialog }: { plan: PlanView; names: Names; openDialog: (request: DialogRequest) => void }) {
  const [fetched, setFetched] = useState<readonly InstanceView[] | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const given = plan.environments;
  useEffect(() => {
    if (given) return;
    let live = true;
    void call<InstanceView[]>('getEnvironments').then((answer) => {
      if (!live) return;
      if (answer.ok) setFetched(answer.data);
      else setRefusal(answer.error);
    });
    return () => {
      live = false;
    };
  }, [given, plan.revision]);
  const environments = given ?? fetched;
  if (refusal)
    return (
      <SectionMessage appearance="error" title="The environments could not be loaded">
        <p>
          {sentence(refusal.message)} {nextStep(refusal)}
        </p>
      </SectionMessage>
    );
  if (!environments) return <Loading what="the environments" />;
  // The button is offered to IQVIA engineers and PMs; the server checks the role again and may still refuse.
  const mayRecord = plan.viewer.roles.some((r) => IQ_ROLES.includes(r));
  return (
    <div className="cs-stack">
      <p className="cs-muted" style={{ margin: 0 }}>
        Every live environment of this customer, as the environment registry holds it. {mayRecord ? 'As an IQVIA engineer or PM you record the IQ documentation of VAL and PROD.' : 'IQVIA engineers and PMs record the IQ documentation.'}
      </p>
      <Environments
        environments={environments}
        audience="agent"
        viewer={plan.viewer.accountId}
        names={names}
        onRecordIq={mayRecord ? (targets, kind) => openDialog({ kind: 'iq', environment: kind, targets }) : undefined}
      />
    </div>
  );
}
