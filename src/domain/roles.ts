/** The people-facing roles of the ClinSpark upgrade and onboarding documents. */
export const ROLES = ['Customer', 'IQVIA PM', 'IQVIA Engineer', 'IQVIA Support', 'Solution Specialist'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Role → account ids. The first person listed is the default owner of that role's stages. */
export type RoleAssignments = Partial<Record<Role, readonly string[]>>;

/** Kept per customer organization (JSM organization), with a project-wide default. */
export interface RoleMapping {
  projectDefault: RoleAssignments;
  organizations: Readonly<Record<string, RoleAssignments>>;
}

export const EMPTY_ROLE_MAPPING: RoleMapping = { projectDefault: {}, organizations: {} };

/** The people holding a role for one organization: the organization's list, else the project default; Customer falls back to the reporter. */
export function peopleInRole(mapping: RoleMapping, organizationId: string, role: Role, reporterAccountId?: string): readonly string[] {
  const own = mapping.organizations[organizationId]?.[role];
  if (own && own.length > 0) return own;
  const fallback = mapping.projectDefault[role];
  if (fallback && fallback.length > 0) return fallback;
  return role === 'Customer' && reporterAccountId ? [reporterAccountId] : [];
}

/** Every role a person holds for one organization's plan. */
export function rolesHeldBy(mapping: RoleMapping, organizationId: string, accountId: string, reporterAccountId?: string): Role[] {
  return ROLES.filter((role) => peopleInRole(mapping, organizationId, role, reporterAccountId).includes(accountId));
}

/** Whether the person holds the role for the project default or for any organization (an engineer who works its slots). */
export function holdsRoleInProject(mapping: RoleMapping, role: Role, accountId: string): boolean {
  return ['', ...Object.keys(mapping.organizations)].some((organizationId) => peopleInRole(mapping, organizationId, role).includes(accountId));
}
