import { adfToPlainText } from '../adf';
import { customFieldName, ORGANIZATIONS_FIELD, REQUEST_TYPE_FIELD, type SiteConfig } from '../config';
import type { ChangeItem, IssueRecord, JsonValue } from '../model';
import type { JiraStore } from '../store/store';
import { findStatus } from '../workflow';

interface Side {
  id: string | null;
  text: string | null;
}

const same = (left: unknown, right: unknown): boolean => JSON.stringify(left) === JSON.stringify(right);

const jiraItem = (field: string, fieldId: string, from: Side, to: Side): ChangeItem => ({
  field,
  fieldtype: 'jira',
  fieldId,
  from: from.id,
  fromString: from.text,
  to: to.id,
  toString: to.text,
});

function userSide(store: JiraStore, accountId: string | null): Side {
  if (accountId === null) return { id: null, text: null };
  return { id: accountId, text: store.findUser(accountId)?.displayName ?? accountId };
}

function customValueText(value: JsonValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** The changelog items Jira records between two versions of an issue. */
export function diffIssue(config: SiteConfig, store: JiraStore, before: IssueRecord, after: IssueRecord): ChangeItem[] {
  const items: ChangeItem[] = [];
  if (before.summary !== after.summary) {
    items.push(jiraItem('summary', 'summary', { id: null, text: before.summary }, { id: null, text: after.summary }));
  }
  if (!same(before.description, after.description)) {
    const text = (value: IssueRecord['description']): string | null => (value === null ? null : adfToPlainText(value));
    items.push(jiraItem('description', 'description', { id: null, text: text(before.description) }, { id: null, text: text(after.description) }));
  }
  if (before.issueTypeId !== after.issueTypeId) {
    const name = (id: string): string => config.issueTypes.find((type) => type.id === id)?.name ?? id;
    items.push(jiraItem('issuetype', 'issuetype', { id: before.issueTypeId, text: name(before.issueTypeId) }, { id: after.issueTypeId, text: name(after.issueTypeId) }));
  }
  if (before.statusId !== after.statusId) {
    items.push(
      jiraItem('status', 'status', { id: before.statusId, text: findStatus(before.statusId).name }, { id: after.statusId, text: findStatus(after.statusId).name }),
    );
  }
  if (before.resolutionId !== after.resolutionId) {
    const side = (id: string | null): Side => ({ id, text: id === null ? null : (config.resolutions.find((r) => r.id === id)?.name ?? id) });
    items.push(jiraItem('resolution', 'resolution', side(before.resolutionId), side(after.resolutionId)));
  }
  if (before.assigneeId !== after.assigneeId) {
    items.push(jiraItem('assignee', 'assignee', userSide(store, before.assigneeId), userSide(store, after.assigneeId)));
  }
  if (before.reporterId !== after.reporterId) {
    items.push(jiraItem('reporter', 'reporter', userSide(store, before.reporterId), userSide(store, after.reporterId)));
  }
  if (!same(before.labels, after.labels)) {
    const text = (labels: string[]): string | null => (labels.length ? labels.join(' ') : null);
    items.push(jiraItem('labels', 'labels', { id: null, text: text(before.labels) }, { id: null, text: text(after.labels) }));
  }
  if (before.dueDate !== after.dueDate) {
    items.push(jiraItem('duedate', 'duedate', { id: before.dueDate, text: before.dueDate }, { id: after.dueDate, text: after.dueDate }));
  }
  if (before.requestTypeId !== after.requestTypeId) {
    const side = (id: string | null): Side => ({ id, text: id === null ? null : (config.requestTypes.find((type) => type.id === id)?.name ?? id) });
    items.push({ ...jiraItem(customFieldName(config, REQUEST_TYPE_FIELD), REQUEST_TYPE_FIELD, side(before.requestTypeId), side(after.requestTypeId)), fieldtype: 'custom' });
  }
  if (!same(before.organizationIds, after.organizationIds)) {
    const side = (ids: string[]): Side =>
      ids.length === 0 ? { id: null, text: null } : { id: ids.join(','), text: ids.map((id) => store.findOrganization(id)?.name ?? id).join(',') };
    items.push({
      ...jiraItem(customFieldName(config, ORGANIZATIONS_FIELD), ORGANIZATIONS_FIELD, side(before.organizationIds), side(after.organizationIds)),
      fieldtype: 'custom',
    });
  }
  const customIds = new Set([...Object.keys(before.customFields), ...Object.keys(after.customFields)]);
  for (const fieldId of [...customIds].sort()) {
    const from = before.customFields[fieldId];
    const to = after.customFields[fieldId];
    if (same(from ?? null, to ?? null)) continue;
    items.push({
      field: customFieldName(config, fieldId),
      fieldtype: 'custom',
      fieldId,
      from: null,
      fromString: customValueText(from),
      to: null,
      toString: customValueText(to),
    });
  }
  return items;
}
