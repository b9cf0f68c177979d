import { lazy, Suspense, useEffect, useState } from 'react';
import SectionMessage from '@atlaskit/section-message';
import { call } from '../../shared/bridge';
import type { DialogRequest } from '../../shared/dialogs/index';
import type { IqSigning } from '../../shared/dialogs/iq';
import type { IqTarget } from '../../shared/environmentModel';
import { Environments } from '../../shared/Environments';
import { withMoreNames, type Names } from '../../shared/people';
import { nextStep, sentence } from '../../shared/refusal';
import { Loading } from '../../shared/states';
import type { EnvironmentsAdminAnswer, InstanceView, OrganizationEnvironments, PlanView, Refusal } from '../../shared/types';

const IQ_ROLES = ['IQVIA Engineer', 'IQVIA PM'];
const EnvironmentKeeper = lazy(() => import('../../shared/EnvironmentKeeper'));

/**
 * Whether the plan's view signs a new IQ record of `kind` (its meaning), and the newest registry revision any answer
 * showed: the registry moves without the plan (an IQ record changes no plan revision), and the server refuses an older one.
 */
function iqSigningOf(kind: string, ofThePlan: readonly InstanceView[], shown: readonly (readonly InstanceView[] | null | undefined)[]): IqSigning | null {
  const meaning = ofThePlan.find((e) => e.kind === kind)?.iqSignatureMeaning;
  if (!meaning) return null;
  return { meaning, revision: Math.max(...shown.flatMap((list) => (list ?? []).map((e) => e.registryRevision))) };
}

/**
 * The organization's environments. The plan view carries them; the tab also asks the server whether this person keeps
 * the registry (an IQVIA engineer of the plan or a project admin), and then offers to add, edit and terminate.
 */
export default function EnvironmentsTab({ plan, names, openDialog }: { plan: PlanView; names: Names; openDialog: (request: DialogRequest) => void }) {
  const [fetched, setFetched] = useState<readonly InstanceView[] | null>(null);
  // Who recorded the environments, as the registry's answer names them (the plan's names cover its own people).
  const [named, setNamed] = useState<Pick<OrganizationEnvironments, 'names' | 'avatars'> | null>(null);
  const [kept, setKept] = useState<OrganizationEnvironments | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const given = plan.environments;
  useEffect(() => {
    let live = true;
    void call<EnvironmentsAdminAnswer>('getOrganizationEnvironments').then((answer) => {
      if (!live) return;
      if (answer.ok && answer.data.selected) setNamed(answer.data.selected);
      if (answer.ok && answer.data.selected?.mayManage) setKept(answer.data.selected);
      else if (!given && answer.ok && answer.data.selected) setFetched(answer.data.selected.environments);
      else if (!given) void call<InstanceView[]>('getEnvironments').then((old) => live && (old.ok ? setFetched(old.data) : setRefusal(old.error)));
    });
    return () => {
      live = false;
    };
  }, [given, plan.revision]);
  const environments = kept?.environments ?? given ?? fetched;
  const people = withMoreNames(names, named);
  if (refusal)
    return (
      <SectionMessage appearance="error" title="The environments could not be loaded">
        <p>
          {sentence(refusal.message)} {nextStep(refusal)}
        </p>
      </SectionMessage>
    );
  if (!environments) return <Loading what="the environments" />;
  // The buttons are offered to IQVIA engineers and PMs (IQ documentation) and to the registry's keepers; the server checks again.
  const mayRecord = plan.viewer.roles.some((r) => IQ_ROLES.includes(r));
  const recordIq = mayRecord ? (targets: readonly IqTarget[], kind: string) => openDialog({ kind: 'iq', environment: kind, targets, signing: iqSigningOf(kind, given ?? fetched ?? [], [environments, given, fetched]) }) : undefined;
  return (
    <div className="cs-stack">
      <p className="cs-muted" style={{ margin: 0 }}>
        Every live environment of this customer, as the environment registry holds it.{' '}
        {kept ? 'You keep this registry: add the environments the customer already has, edit them or terminate them, each with a reason.' : mayRecord ? 'As an IQVIA engineer or PM you record the IQ documentation of VAL and PROD.' : 'IQVIA engineers and PMs record the IQ documentation.'}
      </p>
      {kept ? (
        <Suspense fallback={<Environments environments={environments} audience="agent" viewer={plan.viewer.accountId} names={people} />}>
          <EnvironmentKeeper answer={kept} viewer={plan.viewer.accountId} names={people} onChange={setKept} onRecordIq={recordIq} />
        </Suspense>
      ) : (
        <Environments environments={environments} audience="agent" viewer={plan.viewer.accountId} names={people} onRecordIq={recordIq} />
      )}
    </div>
  );
}
