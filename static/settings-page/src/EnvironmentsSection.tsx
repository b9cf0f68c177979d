/**
 * The settings page's Environments section: a project admin picks any organization of the service desk, sees its
 * registry and keeps it (add, edit, terminate), or imports many customers' existing environments from a CSV file.
 * Loaded after the settings themselves; the import is loaded only when opened.
 */
import { lazy, Suspense, useEffect, useId, useState } from 'react';
import Button from '@atlaskit/button/default/button';
import { Label } from '@atlaskit/form';
import Select from '@atlaskit/select';
import SectionMessage from '@atlaskit/section-message';
import { call } from '../../shared/bridge';
import EnvironmentKeeper from '../../shared/EnvironmentKeeper';
import { nextStep, sentence } from '../../shared/refusal';
import { Loading } from '../../shared/states';
import type { EnvironmentsAdminAnswer, Organization, OrganizationEnvironments, Refusal } from '../../shared/types';
import type { Names } from '../../shared/people';

const ImportPanel = lazy(() => import('./ImportPanel'));

export default function EnvironmentsSection({ viewer, names }: { viewer: string; names?: Names }) {
  const [organizations, setOrganizations] = useState<readonly Organization[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [selected, setSelected] = useState<OrganizationEnvironments | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [importing, setImporting] = useState(false);
  const headingId = useId();
  const pickerId = useId();
  const load = async (organizationId: string | null): Promise<void> => {
    const answer = await call<EnvironmentsAdminAnswer>('getOrganizationEnvironments', organizationId ? { organizationId } : {});
    if (!answer.ok) return setRefusal(answer.error);
    setRefusal(null);
    setOrganizations(answer.data.organizations);
    setSelected(answer.data.selected);
  };
  useEffect(() => {
    void load(null);
  }, []);
  const choose = (id: string): void => {
    setChosen(id);
    setSelected(null);
    void load(id);
  };
  const options = (organizations ?? []).map((o) => ({ value: o.id, label: o.name }));
  return (
    <section className="cs-settings-section" aria-labelledby={headingId} data-testid="environments-section">
      <h2 id={headingId}>Environments</h2>
      <p className="cs-muted" style={{ marginTop: 0 }}>
        The environments each customer already has (Demo, Sandbox, Migration, VAL, PROD), kept in the app's registry: the upgrade plans read them. Changes are saved at once and kept in the registry's audit trail.
      </p>
      {refusal && (
        <SectionMessage appearance="error" title="The environments could not be loaded">
          <p>
            {sentence(refusal.message)} {nextStep(refusal)}
          </p>
        </SectionMessage>
      )}
      {!organizations && !refusal && <Loading what="the organizations" />}
      {organizations && (
        <div className="cs-stack">
          <div className="cs-row" style={{ alignItems: 'flex-end' }}>
            <div style={{ minWidth: 320 }}>
              <Label htmlFor={pickerId}>Customer organization</Label>
              <Select inputId={pickerId} options={options} value={options.find((o) => o.value === chosen) ?? null} onChange={(o) => o && choose(o.value)} placeholder="Choose an organization" menuPosition="fixed" />
            </div>
            <Button onClick={() => setImporting((v) => !v)} aria-expanded={importing}>
              Import from CSV
            </Button>
          </div>
          {organizations.length === 0 && <p className="cs-muted">Service Management lists no customer organization yet: create the organizations first.</p>}
          {importing && (
            <Suspense fallback={<Loading what="the import" />}>
              <ImportPanel onImported={() => chosen && void load(chosen)} />
            </Suspense>
          )}
          {chosen && !selected && !refusal && <Loading what="the environments" />}
          {selected && <EnvironmentKeeper answer={selected} organizationId={selected.organizationId} viewer={viewer} names={names} onChange={setSelected} />}
        </div>
      )}
    </section>
  );
}
