import { ORGANIZATIONS_FIELD, REQUEST_TYPE_FIELD } from '../config';
import type { IssueRecord } from '../model';

/** System fields the stand-in returns, with their display names. `comment` is not navigable. */
export const SYSTEM_FIELD_NAMES: Readonly<Record<string, string>> = {
  summary: 'Summary',
  description: 'Description',
  issuetype: 'Issue Type',
  project: 'Project',
  status: 'Status',
  statuscategorychangedate: 'Status Category Changed',
  reporter: 'Reporter',
  creator: 'Creator',
  assignee: 'Assignee',
  created: 'Created',
  updated: 'Updated',
  labels: 'Labels',
  resolution: 'Resolution',
  resolutiondate: 'Resolved',
  duedate: 'Due date',
  comment: 'Comment',
};

const NON_NAVIGABLE = new Set(['comment']);

/** Every field id the issue has a value slot for. */
export function issueFieldIds(issue: IssueRecord): string[] {
  return [...Object.keys(SYSTEM_FIELD_NAMES), REQUEST_TYPE_FIELD, ORGANIZATIONS_FIELD, ...Object.keys(issue.customFields)];
}

export interface FieldSelection {
  /** The field ids to return for this issue. */
  fieldsOf(issue: IssueRecord): string[];
  /** False when only `id` was asked for (search/jql's default). */
  readonly returnsFields: boolean;
}

/**
 * Jira's `fields` parameter: `*all`, `*navigable`, field ids, and `-fieldId`
 * exclusions, comma-separated or as a list. `fallback` applies when nothing is named.
 */
export function parseFieldSelection(raw: readonly string[] | undefined, fallback: '*all' | '*navigable' | 'id'): FieldSelection {
  const items = (raw ?? []).flatMap((entry) => entry.split(',')).map((entry) => entry.trim()).filter(Boolean);
  const positives = items.filter((item) => !item.startsWith('-'));
  const exclusions = new Set(items.filter((item) => item.startsWith('-')).map((item) => item.slice(1)));
  const wanted = positives.length > 0 ? positives : [fallback];
  const named = new Set(wanted.filter((item) => !item.startsWith('*')));
  const all = wanted.includes('*all');
  const navigable = wanted.includes('*navigable');
  const returnsFields = all || navigable || [...named].some((name) => name !== 'id');
  return {
    returnsFields,
    fieldsOf(issue) {
      return issueFieldIds(issue).filter((fieldId) => {
        if (exclusions.has(fieldId)) return false;
        if (all || named.has(fieldId)) return true;
        return navigable && !NON_NAVIGABLE.has(fieldId);
      });
    },
  };
}

/** Splits list-valued query parameters that may be repeated or comma-separated. */
export function listParameter(query: URLSearchParams, name: string): string[] | undefined {
  const values = query.getAll(name);
  if (values.length === 0) return undefined;
  return values.flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
}
