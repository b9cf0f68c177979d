/** Jira formats timestamps as `2025-01-31T09:30:00.000+0000`. */
export function toJiraTimestamp(iso: string): string {
  return new Date(iso).toISOString().replace('Z', '+0000');
}

export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
