import { TEXT_FIELD } from '../config';
import { jsonResponse } from '../http/messages';
import { SYSTEM_FIELD_NAMES } from '../issues/field-selection';
import type { Handler } from './context';

/** The data type Jira gives each system field the stand-in has (`schema.type`, and `schema.items` for lists). */
const SYSTEM_FIELD_TYPES: Readonly<Record<string, { type: string; items?: string }>> = {
  summary: { type: 'string' },
  description: { type: 'string' },
  issuetype: { type: 'issuetype' },
  project: { type: 'project' },
  status: { type: 'status' },
  statuscategorychangedate: { type: 'datetime' },
  reporter: { type: 'user' },
  creator: { type: 'user' },
  assignee: { type: 'user' },
  created: { type: 'datetime' },
  updated: { type: 'datetime' },
  labels: { type: 'array', items: 'string' },
  resolution: { type: 'resolution' },
  resolutiondate: { type: 'datetime' },
  duedate: { type: 'date' },
  comment: { type: 'comments-page' },
};

/**
 * GET /rest/api/3/field: system and custom fields (FieldDetails). Anonymous callers may ask, as in Jira, but see no
 * custom field: Jira lists a field only to those who may browse a project using it, and only FHSD uses them here.
 */
export const getFields: Handler = ({ site, actor }) => {
  const system = Object.entries(SYSTEM_FIELD_NAMES).map(([id, name]) => ({
    id,
    key: id,
    name,
    custom: false,
    orderable: id !== 'comment',
    navigable: id !== 'comment',
    searchable: true,
    clauseNames: [id],
    schema: { ...(SYSTEM_FIELD_TYPES[id] ?? { type: 'string' }), system: id },
  }));
  const custom = actor.kind === 'anonymous'
    ? []
    : site.config.customFields.map((field) => {
        const customId = Number(field.id.replace(/^customfield_/, ''));
        return {
          id: field.id,
          key: field.id,
          name: field.name,
          custom: true,
          orderable: true,
          navigable: true,
          searchable: true,
          clauseNames: [`cf[${customId}]`, field.name],
          schema: { ...(field.schema ?? TEXT_FIELD), customId },
        };
      });
  return jsonResponse(200, [...system, ...custom]);
};
