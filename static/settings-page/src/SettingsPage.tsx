import { lazy, Suspense, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import Button from '@atlaskit/button/default/button';
import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import SectionMessage, { SectionMessageAction } from '../../shared/SectionMessage';
import TextArea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import { call } from '../../shared/bridge';
import { takePrefetched } from '../../shared/prefetch';
import { useFlags } from '../../shared/flags';
import { fieldFor, stripFieldPrefix } from '../../shared/forms';
import { nextStep, sentence } from '../../shared/refusal';
import { useServerForm } from '../../shared/dialogs/serverForm';
import { LoadFailure, Loading } from '../../shared/states';
import type { FieldKey, FormFieldKey, PlanTicketKind, Refusal, Role, RoleRemoval, SettingsAnswer, SettingsGuide } from '../../shared/types';
import { emptyPeople, FIELD_LABELS, fieldKeys, foundByText, FORM_FIELD_LABELS, fromForm, organizationName, pickerKindOf, SERVICE_DESK_FIELD_LABELS, newRowKey, ROLES, ticketKindLabel, toForm, unnamedAccounts, WEEKDAYS, type People, type PersonOption, type ReleaseRow, type SettingsForm } from './model';

type Load = { status: 'loading' } | { status: 'error'; refusal: Refusal } | { status: 'ready'; saved: SettingsAnswer };

const LazyKindSelect = lazy(() => import('./KindSelect'));
const LazyEnvironmentsSection = lazy(() => import('./EnvironmentsSection'));
const LazySigningLocks = lazy(() => import('./SigningLocks'));
// The pickers load after the page's first paint, with @atlaskit/select.
const LazyPeoplePicker = lazy(() => import('./Pickers').then((m) => ({ default: m.PeoplePicker })));
const LazyOrganizationPicker = lazy(() => import('./Pickers').then((m) => ({ default: m.OrganizationPicker })));

/** The project admin's settings: who holds each role, request types, statuses, releases, working days; checked before saving. */
export function SettingsPage() {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const fetchSettings = async (): Promise<void> => {
    setLoad({ status: 'loading' });
    const answer = await (takePrefetched<SettingsAnswer>('getSettings') ?? call<SettingsAnswer>('getSettings'));
    setLoad(answer.ok ? { status: 'ready', saved: answer.data } : { status: 'error', refusal: answer.error });
  };
  useEffect(() => {
    void fetchSettings();
  }, []);
  if (load.status === 'loading') return <Loading what="the settings" />;
  if (load.status === 'error') {
    if (load.refusal.rule === 'projectAdmin')
      return (
        <SectionMessage appearance="warning" title="Only project administrators can see these settings">
          <p>
            {sentence(load.refusal.message)} {nextStep(load.refusal)}
          </p>
        </SectionMessage>
      );
    return <LoadFailure refusal={load.refusal} onRetry={() => void fetchSettings()} />;
  }
  return (
    <>
      <SettingsEditor saved={load.saved} onSaved={(saved) => setLoad({ status: 'ready', saved })} />
      <Suspense fallback={<Loading what="the environments" />}>
        {/* Who registered or changed an environment, by the names Jira gave the settings. */}
        <LazyEnvironmentsSection viewer="" names={new Map(Object.entries(load.saved.directory).map(([id, person]) => [id, person.displayName]))} />
      </Suspense>
      <Suspense fallback={null}>
        <LazySigningLocks />
      </Suspense>
    </>
  );
}

function SettingsEditor({ saved, onSaved }: { saved: SettingsAnswer; onSaved: (s: SettingsAnswer) => void }) {
  const { guide } = saved;
  const initial = useMemo(() => toForm(saved), [saved]);
  const [form, setForm] = useState<SettingsForm>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  // Everyone the page can name: the people the saved settings name, and whoever the admin picks since.
  const [known, setKnown] = useState<Readonly<Record<string, PersonOption>>>(saved.directory);
  const remember = (picked: readonly PersonOption[]): void => setKnown((k) => ({ ...k, ...Object.fromEntries(picked.map((p) => [p.accountId, p])) }));
  // A save held back because it takes roles away on open plans: what the server said, until the admin decides.
  const [removals, setRemovals] = useState<{ message: string; plans: readonly RoleRemoval[] } | null>(null);
  const { showFlag } = useFlags();
  const rootRef = useRef<HTMLDivElement>(null);
  const baseline = useMemo(() => JSON.stringify(fromForm(initial, guide).settings), [initial, guide]);
  const dirty = JSON.stringify(fromForm(form, guide).settings) !== baseline || JSON.stringify(form) !== JSON.stringify(initial);

  useEffect(() => setForm(initial), [initial]);
  useEffect(() => setKnown((k) => ({ ...k, ...saved.directory })), [saved]);

  const update = (change: (f: SettingsForm) => SettingsForm): void => setForm((f) => change(f));
  // The same server form as the plan's dialogs: a refusal goes next to the field it names.
  const server = useServerForm(fieldKeys(form));
  const { refusal, field: serverKey } = server;
  const errorOf = (key: string): string | null => errors[key] ?? server.errorOf(key);

  const focusFirstError = (): void => {
    requestAnimationFrame(() => {
      const target = rootRef.current?.querySelector<HTMLElement>('[data-invalid="true"] input, [data-invalid="true"] textarea');
      target?.focus();
    });
  };

  const save = async (confirmRoleRemovals = false): Promise<void> => {
    const checked = fromForm(form, guide);
    setErrors(checked.errors);
    server.setRefusal(null);
    setRemovals(null);
    if (!checked.settings) return focusFirstError();
    const settings = checked.settings;
    const answer = await server.ask(() => call<SettingsAnswer>('saveSettings', { settings, ...(confirmRoleRemovals ? { confirmRoleRemovals: true } : {}) }));
    if (!answer.ok && answer.error.rule === 'roleRemovalsUnconfirmed') {
      // Not an error: a question. The page asks it next to the save button and nothing is marked.
      server.setRefusal(null);
      setRemovals({ message: answer.error.message, plans: answer.error.roleRemovals ?? [] });
      return;
    }
    if (answer.ok) {
      showFlag({ appearance: 'success', title: 'Settings saved', description: 'Plans use them from their next change.', isAutoDismiss: true });
      onSaved(answer.data);
      return;
    }
    const mapped = fieldFor(answer.error.field, fieldKeys(form));
    showFlag({
      appearance: 'error',
      title: 'The settings were not saved',
      description: mapped ? `${fieldName(mapped)}: ${stripFieldPrefix(answer.error.message, answer.error.field)}. Correct the marked field and save again.` : `${sentence(answer.error.message)} ${nextStep(answer.error)}`,
    });
    focusFirstError();
  };

  const errorCount = Object.keys(errors).length + (refusal ? 1 : 0);
  return (
    <div ref={rootRef} className="cs-settings">
      <h1 className="cs-page-title">ClinSpark upgrade plan settings</h1>
      <p className="cs-muted">
        Project <strong>{form.projectKey}</strong>. Changes apply to every ClinSpark plan of this project from its next change; what is already recorded in a plan's history stays as it was.
      </p>

      {errorCount > 0 && (
        <SectionMessage appearance="error" title={refusal ? 'The server did not save the settings' : `Correct ${Object.keys(errors).length === 1 ? 'one field' : `${Object.keys(errors).length} fields`} before saving`}>
          <p>
            {refusal
              ? serverKey
                ? `${fieldName(serverKey)}: ${stripFieldPrefix(refusal.message, refusal.field)}. The field is marked below; nothing was saved.`
                : `${sentence(refusal.message)} ${nextStep(refusal)}`
              : 'Each problem is shown next to its field. Nothing was saved.'}
          </p>
        </SectionMessage>
      )}

      {saved.releases.length === 0 && (
        <SectionMessage appearance="warning" title="Set up the ClinSpark releases first">
          <p>
            This service desk has no ClinSpark releases yet, so every upgrade request is refused, telling the customer the service desk is not set up. Add each release with its date and the link to its release notes under{' '}
            <a href="#releases" className="cs-inline-link" onClick={(e) => { e.preventDefault(); document.getElementById('releases')?.scrollIntoView({ block: 'start' }); }}>ClinSpark releases</a>, then save.
          </p>
        </SectionMessage>
      )}

      <Section title="People in each role" help="Pick people from Jira: agents for IQVIA's roles, portal customers for the Customer role. The first person picked owns that role's stages. An organization's people replace the project default for that role; with nobody picked, the Customer role is the ticket's reporter.">
        <h3 className="cs-subheading">Project default</h3>
        <PeopleFields people={form.projectDefault} keyPrefix="roles.projectDefault" errorOf={errorOf} known={known} onPicked={remember} onChange={(p) => update((f) => ({ ...f, projectDefault: p }))} />
        {form.organizations.map((org, index) => (
          <div key={org.key} className="cs-card" style={{ marginTop: 16 }}>
            <div className="cs-row" style={{ justifyContent: 'space-between', alignItems: 'flex-end' }}>
              <Field label="Organization (Service Management)" fieldKey={`organizationRow.${org.key}`} error={errorOf(`organizationRow.${org.key}`) ?? errorOf(`roles.organizations.${org.id.trim()}`)} grow>
                {(id, invalid) => (
                  <Suspense fallback={<Textfield id={id} value={org.id ? organizationName(saved.organizations, org.id) : ''} isReadOnly />}>
                    <LazyOrganizationPicker id={id} value={org.id} organizations={saved.organizations} taken={new Set(form.organizations.map((o) => o.id))} invalid={invalid} onChange={(v) => update((f) => ({ ...f, organizations: f.organizations.map((o, i) => (i === index ? { ...o, id: v } : o)) }))} />
                  </Suspense>
                )}
              </Field>
              <Button appearance="subtle" onClick={() => update((f) => ({ ...f, organizations: f.organizations.filter((_, i) => i !== index) }))}>
                Remove organization
              </Button>
            </div>
            <PeopleFields people={org.people} keyPrefix={`roles.organizations.${org.id.trim()}`} errorOf={errorOf} known={known} onPicked={remember} onChange={(p) => update((f) => ({ ...f, organizations: f.organizations.map((o, i) => (i === index ? { ...o, people: p } : o)) }))} />
            <Field label="Decision makers (Go/No-Go)" fieldKey={`decisionMakers.${org.id.trim()}`} error={errorOf(`decisionMakers.${org.id.trim()}`)} help="Only they take the organization's Go/No-Go. Nobody picked: the person who raised the PROD upgrade request.">
              {(id, invalid) => (
                <PersonPicker id={id} kind={pickerKindOf('Decision maker')} value={org.decisionMakers} known={known} invalid={invalid} placeholder="the PROD request's reporter" onChange={(ids, picked) => { remember(picked); update((f) => ({ ...f, organizations: f.organizations.map((o, i) => (i === index ? { ...o, decisionMakers: ids } : o)) })); }} />
              )}
            </Field>
          </div>
        ))}
        <div style={{ marginTop: 12 }}>
          <Button onClick={() => update((f) => ({ ...f, organizations: [...f.organizations, { key: newRowKey(), id: '', people: emptyPeople(), decisionMakers: [] }] }))}>Add an organization</Button>
        </div>
        {unnamedAccounts(form, known).length > 0 && (
          <p className="cs-muted">Jira has given no name yet for {unnamedAccounts(form, known).join(', ')}: saving checks every account id with Jira.</p>
        )}
      </Section>

      <Section title="Request types" help="Which kind of plan ticket each service desk request type is. Names must match the request types exactly.">
        {errorOf('requestTypes') && <ErrorMessage>{errorOf('requestTypes')}</ErrorMessage>}
        {form.requestTypes.map((row, index) => (
          <div key={row.key} className="cs-list-row" style={{ gridTemplateColumns: '2fr 2fr auto' }}>
            <Field label="Request type" fieldKey={`requestTypes.${row.name.trim()}`} error={errorOf(`requestTypes.${row.name.trim()}`)} hideLabel={index > 0}>
              {(id, invalid) => <Textfield id={id} value={row.name} isInvalid={invalid} onChange={(e) => { const v = e.currentTarget.value; update((f) => ({ ...f, requestTypes: f.requestTypes.map((r, i) => (i === index ? { ...r, name: v } : r)) })); }} />}
            </Field>
            <Field label="Kind of ticket in the plan" fieldKey={`requestTypes.kind.${row.key}`} error={null} hideLabel={index > 0}>
              {(id) => <KindSelect id={id} value={row.kind} guide={guide} onChange={(kind) => update((f) => ({ ...f, requestTypes: f.requestTypes.map((r, i) => (i === index ? { ...r, kind } : r)) }))} />}
            </Field>
            <RemoveButton label={`Remove request type ${row.name || index + 1}`} first={index === 0} onClick={() => update((f) => ({ ...f, requestTypes: f.requestTypes.filter((_, i) => i !== index) }))} />
          </div>
        ))}
        <div style={{ marginTop: 12 }}>
          <Button onClick={() => update((f) => ({ ...f, requestTypes: [...f.requestTypes, { key: newRowKey(), name: '', kind: guide.newRow.requestType }] }))}>Add a request type</Button>
        </div>
      </Section>

      <Section title="Workflow statuses" help="What a ticket reaching a status does to its plan, and which statuses count as resolved.">
        <Field label="Resolved statuses (separated by commas)" fieldKey="resolvedStatuses" error={errorOf('resolvedStatuses')} help={withNote('A ticket in one of these counts as resolved.', guide.help.resolvedStatuses)}>
          {(id, invalid) => <Textfield id={id} value={form.resolvedStatuses} isInvalid={invalid} onChange={(e) => { const v = e.currentTarget.value; update((f) => ({ ...f, resolvedStatuses: v })); }} />}
        </Field>
        <Field label="Resolution when the app closes a ticket" fieldKey="closingResolution" error={errorOf('closingResolution')} help={withNote(guide.help.closingResolution, 'A Resolve screen that requires a resolution gets this one when the app closes a ticket (empty: Done).')}>
          {(id, invalid) => <Textfield id={id} value={form.closingResolution} isInvalid={invalid} onChange={(e) => { const v = e.currentTarget.value; update((f) => ({ ...f, closingResolution: v })); }} />}
        </Field>
        <h3 className="cs-subheading">Status effects</h3>
        {errorOf('statusEffects') && <ErrorMessage>{errorOf('statusEffects')}</ErrorMessage>}
        {form.statusEffects.length === 0 && <p className="cs-muted">{withNote('No status changes a plan.', guide.help.statusEffectExample && `Add one, for example: ${guide.help.statusEffectExample}`)}</p>}
        {form.statusEffects.map((row, index) => (
          <div key={row.key} className="cs-list-row">
            <Field label="Ticket kind" fieldKey={`statusEffects.${index}.ticketKind`} error={errorOf(`statusEffects.${index}.ticketKind`)} hideLabel={index > 0}>
              {(id) => <KindSelect id={id} value={row.ticketKind} guide={guide} onChange={(ticketKind) => update((f) => ({ ...f, statusEffects: f.statusEffects.map((r, i) => (i === index ? { ...r, ticketKind } : r)) }))} />}
            </Field>
            <Field label="Reaches status" fieldKey={`statusEffects.${index}.status`} error={errorOf(`statusEffects.${index}.status`)} hideLabel={index > 0}>
              {(id, invalid) => <Textfield id={id} value={row.status} isInvalid={invalid} onChange={(e) => { const v = e.currentTarget.value; update((f) => ({ ...f, statusEffects: f.statusEffects.map((r, i) => (i === index ? { ...r, status: v } : r)) })); }} />}
            </Field>
            <Field label="Completes stage" fieldKey={`statusEffects.${index}.completesStage`} error={errorOf(`statusEffects.${index}.completesStage`)} hideLabel={index > 0}>
              {(id, invalid) => <Textfield id={id} value={row.completesStage} isInvalid={invalid} inputMode="numeric" placeholder="none" onChange={(e) => { const v = e.currentTarget.value; update((f) => ({ ...f, statusEffects: f.statusEffects.map((r, i) => (i === index ? { ...r, completesStage: v } : r)) })); }} />}
            </Field>
            <RemoveButton label={`Remove status effect ${index + 1}`} first={index === 0} onClick={() => update((f) => ({ ...f, statusEffects: f.statusEffects.filter((_, i) => i !== index) }))} />
          </div>
        ))}
        <div style={{ marginTop: 12 }}>
          <Button onClick={() => update((f) => ({ ...f, statusEffects: [...f.statusEffects, { key: newRowKey(), ticketKind: guide.newRow.statusEffect, status: '', completesStage: '' }] }))}>Add a status effect</Button>
        </div>
      </Section>

      <ReleaseCatalogue form={form} guide={guide} errorOf={errorOf} update={update} />

      <Section title="Working days and holidays" help="Due dates count working days only.">
        <fieldset className="cs-fieldset" data-field="calendar.workingWeekdays" data-invalid={Boolean(errorOf('calendar.workingWeekdays'))}>
          <legend className="cs-legend">Working days</legend>
          {WEEKDAYS.map(({ day, label }) => (
            <label key={day} className="cs-checkbox">
              <input
                type="checkbox"
                checked={form.workingWeekdays.includes(day)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  update((f) => ({ ...f, workingWeekdays: on ? [...f.workingWeekdays, day].sort((a, b) => a - b) : f.workingWeekdays.filter((d) => d !== day) }));
                }}
              />
              {label}
            </label>
          ))}
          {errorOf('calendar.workingWeekdays') && <ErrorMessage>{errorOf('calendar.workingWeekdays')}</ErrorMessage>}
        </fieldset>
        <div className="cs-field">
          <Field label="Holidays (one date a line, yyyy-MM-dd)" fieldKey="calendar.holidays" error={errorOf('calendar.holidays')}>
            {(id, invalid) => <TextArea id={id} value={form.holidays} isInvalid={invalid} minimumRows={3} resize="vertical" placeholder="2025-12-25" onChange={(e) => { const v = e.currentTarget.value; update((f) => ({ ...f, holidays: v })); }} />}
          </Field>
        </div>
      </Section>

      <Section title="Vendor" help="The vendor your customers deal with, named in the customer-facing texts of the plans that name one.">
        <Field label="Vendor name" fieldKey="vendorName" error={errorOf('vendorName')} help={withNote('As your customers know it, 1 to 80 characters.', guide.help.vendorName)}>
          {(id, invalid) => <Textfield id={id} value={form.vendorName} isInvalid={invalid} maxLength={80} onChange={(e) => { const v = e.currentTarget.value; update((f) => ({ ...f, vendorName: v })); }} />}
        </Field>
      </Section>

      <Section title="Request form fields" help="The Jira custom fields holding the request form's answers, by their names in Jira. Saving looks each name up in Jira's field list; a name Jira does not know, or gives to several fields, is refused.">
        <div className="cs-grid-auto">
          {(Object.keys(FORM_FIELD_LABELS) as FormFieldKey[]).map((key) => (
            <Field key={key} label={FORM_FIELD_LABELS[key]} fieldKey={`formFieldNames.${key}`} error={errorOf(`formFieldNames.${key}`)} help={foundByText(form.found, key)}>
              {(id, invalid) => <Textfield id={id} value={form.formFieldNames[key]} isInvalid={invalid} onChange={(e) => { const v = e.currentTarget.value; update((f) => ({ ...f, formFieldNames: { ...f.formFieldNames, [key]: v } })); }} />}
            </Field>
          ))}
        </div>
        <dl className="cs-muted">
          {(Object.keys(SERVICE_DESK_FIELD_LABELS) as Exclude<FieldKey, FormFieldKey>[]).map((key) => (
            <div key={key} data-field={`fields.${key}`} data-invalid={Boolean(errorOf(`fields.${key}`))}>
              <dt>{SERVICE_DESK_FIELD_LABELS[key]}</dt>
              <dd>{errorOf(`fields.${key}`) ?? foundByText(form.found, key)}</dd>
            </div>
          ))}
        </dl>
      </Section>

      {removals && (
        <div className="cs-role-removals">
          <SectionMessage
            appearance="warning"
            title="Saving takes roles away from people on open plans"
            actions={[
              <SectionMessageAction key="save-anyway" onClick={() => void save(true)}>
                Save anyway
              </SectionMessageAction>,
              <SectionMessageAction key="keep-editing" onClick={() => setRemovals(null)}>
                Keep editing
              </SectionMessageAction>,
            ]}
          >
            <p>Nothing was saved yet. With these settings:</p>
            <ul>
              {removals.plans.map((plan) => (
                <li key={plan.planId}>
                  <strong>{plan.ticketKey ?? plan.planId}</strong> {plan.title} ({organizationName(saved.organizations, plan.organizationId)}): {plan.losses.map((loss) => `${loss.name ?? loss.accountId} loses ${loss.role}`).join('; ')}
                </li>
              ))}
            </ul>
            {removals.plans.length === 0 && <p>{sentence(removals.message)}</p>}
          </SectionMessage>
        </div>
      )}

      <div className="cs-sticky-footer cs-row">
        <Button appearance="primary" isLoading={server.busy} onClick={() => void save()}>
          Save settings
        </Button>
        <Button appearance="subtle" isDisabled={!dirty || server.busy} onClick={() => { setForm(initial); setErrors({}); server.setRefusal(null); setRemovals(null); }}>
          Discard changes
        </Button>
        <span className="cs-muted" role="status">
          {dirty ? 'You have unsaved changes.' : 'All changes saved.'}
        </span>
      </div>
    </div>
  );
}

/** A field key in the words of the page: `calendar.holidays` → "Holidays". */
function fieldName(key: string): string {
  if (key === 'vendorName') return 'Vendor name';
  if (key.startsWith('fields.')) return `Field "${FIELD_LABELS[key.slice(7) as FieldKey] ?? key.slice(7)}"`;
  if (key.startsWith('formFieldNames.')) return `Request form field "${FIELD_LABELS[key.slice(15) as FieldKey] ?? key.slice(15)}"`;
  if (key.startsWith('roles.projectDefault.')) return `Project default, ${key.slice('roles.projectDefault.'.length)}`;
  if (key.startsWith('roles.organizations.')) return `Organization ${key.slice('roles.organizations.'.length).replace(/\.([^.]+)$/, ', $1')}`;
  if (key.startsWith('requestTypes.')) return `Request type "${key.slice(13)}"`;
  if (key.startsWith('decisionMakers.')) return `Decision makers of organization ${key.slice('decisionMakers.'.length)}`;
  const m = /^statusEffects\.(\d+)\.(\w+)$/.exec(key);
  if (m) return `Status effect ${Number(m[1]) + 1}`;
  const release = /^releases\.(\d+)\.(version|date|notesUrl)$/.exec(key);
  if (release) return `Release ${Number(release[1]) + 1}, ${({ version: 'version', date: 'release date', notesUrl: 'release notes link' } as const)[release[2] as 'version' | 'date' | 'notesUrl']}`;
  const names: Record<string, string> = { projectKey: 'Project', releases: 'Releases', resolvedStatuses: 'Resolved statuses', closingResolution: 'Resolution when the app closes a ticket', 'calendar.holidays': 'Holidays', 'calendar.workingWeekdays': 'Working days', requestTypes: 'Request types', statusEffects: 'Status effects', roles: 'Roles' };
  return names[key] ?? key;
}

/** The release catalogue: each release's version, date and release notes link, one row each; the upgrade's stage 1 links the notes. */
function ReleaseCatalogue({ form, guide, errorOf, update }: { form: SettingsForm; guide: SettingsGuide; errorOf: (key: string) => string | null; update: (change: (f: SettingsForm) => SettingsForm) => void }) {
  const setRow = (index: number, change: Partial<ReleaseRow>): void => update((f) => ({ ...f, releases: f.releases.map((r, i) => (i === index ? { ...r, ...change } : r)) }));
  return (
    <Section id="releases" title="ClinSpark releases" help={withNote('Every ClinSpark release a customer may upgrade to: its version, the day it was released and the link to its release notes. A request for a version not listed here is refused, naming the releases listed.', guide.help.releases)}>
      {errorOf('releases') && <ErrorMessage>{errorOf('releases')}</ErrorMessage>}
      {form.releases.length === 0 && (
        <p className="cs-muted" data-empty="releases">
          No releases yet. Add the releases your customers run and may upgrade to, oldest first or in any order: they are kept sorted by version.
        </p>
      )}
      {form.releases.map((row, index) => (
        <div key={row.key} data-release-row={index}>
          <div className="cs-list-row" style={{ gridTemplateColumns: '1fr 1.2fr 3fr auto' }}>
            <Field label="Version" fieldKey={`releases.${index}.version`} error={errorOf(`releases.${index}.version`)} hideLabel={index > 0}>
              {(id, invalid) => <Textfield id={id} value={row.version} isInvalid={invalid} placeholder="25.1" autoComplete="off" onChange={(e) => setRow(index, { version: e.currentTarget.value })} />}
            </Field>
            <Field label="Release date" fieldKey={`releases.${index}.date`} error={errorOf(`releases.${index}.date`)} hideLabel={index > 0}>
              {(id, invalid) => <Textfield id={id} type="date" value={row.date} isInvalid={invalid} placeholder="yyyy-MM-dd" onChange={(e) => setRow(index, { date: e.currentTarget.value })} />}
            </Field>
            <Field label="Release notes link" fieldKey={`releases.${index}.notesUrl`} error={errorOf(`releases.${index}.notesUrl`)} hideLabel={index > 0}>
              {(id, invalid) => <Textfield id={id} type="url" value={row.notesUrl} isInvalid={invalid} placeholder="https://" autoComplete="off" onChange={(e) => setRow(index, { notesUrl: e.currentTarget.value })} />}
            </Field>
            <RemoveButton label={`Remove release ${row.version.trim() || index + 1}`} first={index === 0} onClick={() => update((f) => ({ ...f, releases: f.releases.filter((_, i) => i !== index) }))} />
          </div>
          {row.version.trim() && (!row.date.trim() || !row.notesUrl.trim()) && !errorOf(`releases.${index}.date`) && !errorOf(`releases.${index}.notesUrl`) && (
            <HelperMessage>{missingDetailsText(row)}</HelperMessage>
          )}
        </div>
      ))}
      <div style={{ marginTop: 12 }}>
        <Button onClick={() => update((f) => ({ ...f, releases: [...f.releases, { key: newRowKey(), version: '', date: '', notesUrl: '' }] }))}>Add a release</Button>
      </div>
    </Section>
  );
}

/** What a release row still lacks, in the admin's words: saved by an earlier version of the app, or just added. */
function missingDetailsText(row: ReleaseRow): string {
  const missing = [!row.date.trim() && 'release date', !row.notesUrl.trim() && 'release notes link'].filter(Boolean).join(' and ');
  return `ClinSpark ${row.version.trim()} has no ${missing} yet: plans show it without until you add ${missing.includes(' and ') ? 'them' : 'it'}. A new release cannot be saved without both.`;
}

function Section({ id: anchor, title, help, children }: { id?: string; title: string; help: string; children: ReactNode }) {
  const id = useId();
  return (
    <section id={anchor} className="cs-settings-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p className="cs-muted" style={{ marginTop: 0 }}>
        {help}
      </p>
      {children}
    </section>
  );
}

function Field({ label, fieldKey, error, help, hideLabel, grow, children }: { label: string; fieldKey: string; error: string | null; help?: string; hideLabel?: boolean; grow?: boolean; children: (id: string, invalid: boolean) => ReactNode }) {
  const id = useId();
  return (
    <div data-field={fieldKey} data-invalid={Boolean(error)} style={grow ? { flex: 1, minWidth: 220 } : undefined}>
      {hideLabel ? (
        <label htmlFor={id} className="cs-visually-hidden">
          {label}
        </label>
      ) : (
        <Label htmlFor={id}>{label}</Label>
      )}
      {children(id, Boolean(error))}
      {error ? <ErrorMessage>{error}</ErrorMessage> : help ? <HelperMessage>{help}</HelperMessage> : null}
    </div>
  );
}

function PeopleFields({ people, keyPrefix, errorOf, known, onPicked, onChange }: { people: People; keyPrefix: string; errorOf: (key: string) => string | null; known: Readonly<Record<string, PersonOption>>; onPicked: (picked: readonly PersonOption[]) => void; onChange: (p: People) => void }) {
  return (
    <div className="cs-grid-auto" style={{ marginTop: 8 }}>
      {ROLES.map((role: Role) => (
        <Field key={role} label={role} fieldKey={`${keyPrefix}.${role}`} error={errorOf(`${keyPrefix}.${role}`)}>
          {(id, invalid) => (
            <PersonPicker id={id} kind={pickerKindOf(role)} value={people[role]} known={known} invalid={invalid} placeholder={role === 'Customer' ? "the ticket's reporter" : 'Search Jira'} onChange={(ids, picked) => { onPicked(picked); onChange({ ...people, [role]: ids }); }} />
          )}
        </Field>
      ))}
    </div>
  );
}

/** A people picker, with the names already known shown while it loads. */
function PersonPicker(props: { id: string; kind: 'agent' | 'customer'; value: readonly string[]; known: Readonly<Record<string, PersonOption>>; invalid: boolean; placeholder: string; onChange: (ids: string[], picked: readonly PersonOption[]) => void }) {
  const text = props.value.map((accountId) => props.known[accountId]?.displayName ?? accountId).join(', ');
  return (
    <Suspense fallback={<Textfield id={props.id} value={text} placeholder={props.placeholder} isReadOnly />}>
      <LazyPeoplePicker {...props} />
    </Suspense>
  );
}

/** A help text from the page's sentence and the kinds' note on it, either of which may be empty. */
const withNote = (...sentences: string[]): string => sentences.filter(Boolean).join(' ');

function KindSelect(props: { id: string; value: PlanTicketKind; guide: SettingsGuide; onChange: (kind: PlanTicketKind) => void }) {
  return (
    <Suspense fallback={<Textfield id={props.id} value={ticketKindLabel(props.guide, props.value)} isReadOnly />}>
      <LazyKindSelect {...props} />
    </Suspense>
  );
}

function RemoveButton({ label, first, onClick }: { label: string; first: boolean; onClick: () => void }) {
  return (
    <div style={{ paddingTop: first ? 20 : 0 }}>
      <Button appearance="subtle" onClick={onClick} aria-label={label}>
        Remove
      </Button>
    </div>
  );
}
