import { useRef, useState } from 'react';
import Avatar from '@atlaskit/avatar';
import Select, { AsyncSelect } from '@atlaskit/select';
import { call } from '../../shared/bridge';
import { sentence } from '../../shared/refusal';
import type { SettingsAnswer } from '../../shared/types';
import type { PersonOption } from './model';

/** How long the picker waits after the last keystroke before it asks Jira (each search is a resolver call). */
const SEARCH_DELAY_MS = 250;

interface Option {
  value: string;
  label: string;
  person: PersonOption | null;
}

const KIND_WORDS: Record<string, string> = { customer: 'portal customer', atlassian: 'Jira user' };

const optionOf = (accountId: string, known: Readonly<Record<string, PersonOption>>): Option => {
  const person = known[accountId] ?? null;
  return { value: accountId, label: person?.displayName ?? accountId, person };
};

/** A person with Jira's avatar (their initials when Jira gave none), as options and chosen values show them. */
function PersonLabel({ option, compact }: { option: Option; compact: boolean }) {
  const { person } = option;
  return (
    <span className="cs-person">
      <Avatar size={compact ? 'xsmall' : 'small'} src={person?.avatarUrl ?? undefined} name={option.label} borderColor="transparent" />
      <span className={person ? undefined : 'cs-mono'} title={person ? option.value : 'Jira gave no name for this account id: it is checked when you save'}>
        {option.label}
      </span>
      {!compact && person && <span className="cs-muted">· {KIND_WORDS[person.accountType] ?? person.accountType}</span>}
    </span>
  );
}

/**
 * The people of one role (or an organization's decision makers), searched in Jira as the admin types: agents for
 * IQVIA's roles, customers for the Customer role and decision makers. The order is kept: the first owns the stages.
 */
export function PeoplePicker({ id, kind, value, known, invalid, placeholder, onChange }: { id: string; kind: 'agent' | 'customer'; value: readonly string[]; known: Readonly<Record<string, PersonOption>>; invalid: boolean; placeholder: string; onChange: (ids: string[], picked: readonly PersonOption[]) => void }) {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pending = useRef<((options: Option[]) => void) | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const loadOptions = (input: string): Promise<Option[]> =>
    new Promise((resolve) => {
      // A newer keystroke supersedes the search still waiting: it answers nothing.
      pending.current?.([]);
      clearTimeout(timer.current);
      pending.current = resolve;
      const query = input.trim();
      if (!query) return resolve([]);
      timer.current = setTimeout(() => {
        void call<PersonOption[]>('searchPeople', { query, kind }).then((answer) => {
          setProblem(answer.ok ? null : sentence(answer.error.message));
          resolve(answer.ok ? answer.data.map((person) => ({ value: person.accountId, label: person.displayName, person })) : []);
        });
      }, SEARCH_DELAY_MS);
    });
  return (
    <AsyncSelect<Option, true>
      inputId={id}
      isMulti
      isClearable={false}
      cacheOptions
      loadOptions={loadOptions}
      value={value.map((accountId) => optionOf(accountId, known))}
      onChange={(options) => {
        const picked = [...(options ?? [])];
        onChange(
          picked.map((o) => o.value),
          picked.flatMap((o) => (o.person ? [o.person] : [])),
        );
      }}
      formatOptionLabel={(option, meta) => <PersonLabel option={option} compact={meta.context === 'value'} />}
      noOptionsMessage={({ inputValue }) => problem ?? (inputValue.trim() ? `Nobody in Jira matches "${inputValue.trim()}"` : kind === 'agent' ? 'Type an agent\'s name or e-mail' : 'Type a customer\'s name or e-mail')}
      loadingMessage={() => 'Searching Jira…'}
      placeholder={placeholder}
      validationState={invalid ? 'error' : 'default'}
      menuPosition="fixed"
    />
  );
}

/** A Service Management organization, chosen by name from the site's organizations (the settings answer lists them). */
export function OrganizationPicker({ id, value, organizations, taken, invalid, onChange }: { id: string; value: string; organizations: SettingsAnswer['organizations']; taken: ReadonlySet<string>; invalid: boolean; onChange: (id: string) => void }) {
  const options = organizations.map((o) => ({ value: o.id, label: o.name }));
  const current = value ? (options.find((o) => o.value === value) ?? { value, label: `Organization ${value} (not found in Jira)` }) : null;
  return (
    <Select
      inputId={id}
      options={options}
      value={current}
      isOptionDisabled={(option) => taken.has(option.value) && option.value !== value}
      onChange={(option) => option && onChange(option.value)}
      placeholder="Choose an organization"
      noOptionsMessage={() => (organizations.length === 0 ? 'Jira lists no Service Management organization yet' : 'No organization by that name')}
      validationState={invalid ? 'error' : 'default'}
      menuPosition="fixed"
    />
  );
}
