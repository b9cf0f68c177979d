/** The environments of ClinSpark onboarding (seed 001), declared once. */
export const ENVIRONMENT_KINDS = {
  Demo: { shape: 'single', iqDocumentation: false, upgradable: false, note: 'Before contract; may be cloned into Sandbox.' },
  'Community Dev': { shape: 'shared', iqDocumentation: false, upgradable: false, note: 'One shared instance for all customers at the latest release; never upgraded per customer.' },
  Sandbox: { shape: 'pair', iqDocumentation: false, upgradable: false, note: 'Sandbox environments are out of the scope of standard upgrade cycles, as they are only normally provided during initial onboarding periods.' },
  Migration: { shape: 'main-only', iqDocumentation: false, upgradable: false, note: 'Only for customers whose source database is migrated; a single, main instance.' },
  VAL: { shape: 'pair', iqDocumentation: true, upgradable: true, note: 'General configuration from the chosen source plus the migration output; a dry run of PROD.' },
  PROD: { shape: 'pair', iqDocumentation: true, upgradable: true, note: 'After go-live, stays as is until upgraded.' },
} as const satisfies Record<string, { shape: 'single' | 'shared' | 'pair' | 'main-only'; iqDocumentation: boolean; upgradable: boolean; note: string }>;

export type EnvironmentKind = keyof typeof ENVIRONMENT_KINDS;
export const ENVIRONMENT_KIND_NAMES = Object.keys(ENVIRONMENT_KINDS) as EnvironmentKind[];

export type InstanceSlot = 'MAIN' | 'TEST';

/** The instance slots an environment kind has: a pair has MAIN and TEST, the others a single instance. */
export function instanceSlotsOf(kind: EnvironmentKind): readonly InstanceSlot[] {
  return ENVIRONMENT_KINDS[kind].shape === 'pair' ? ['MAIN', 'TEST'] : ['MAIN'];
}

/** Instance names as people write them: "PROD MAIN", "VAL TEST", "Migration", or a whole pair ("VAL"). */
export const INSTANCE_NAMES: readonly string[] = ENVIRONMENT_KIND_NAMES.flatMap((kind) =>
  ENVIRONMENT_KINDS[kind].shape === 'pair' ? [kind, `${kind} MAIN`, `${kind} TEST`] : [kind],
);

export function environmentOfInstance(name: string): EnvironmentKind | undefined {
  return ENVIRONMENT_KIND_NAMES.find((kind) => name === kind || name.startsWith(`${kind} `));
}

/** The configuration areas that carry over when a Sandbox is cloned from Demo, in the seed's words. */
export const SANDBOX_CLONE_AREAS = [
  { id: 'roles', name: 'Administration > Roles' },
  { id: 'sites', name: 'Administration > Sites (Note that archived sites are not passed)' },
  { id: 'general-settings', name: 'Administration > General Settings (except when this is integration-specific such as with SSO)' },
  { id: 'system-settings', name: 'Administration > System Settings' },
  { id: 'medical-dictionaries', name: 'Administration > Medical Dictionaries' },
  { id: 'devices', name: 'Devices' },
  { id: 'labs', name: 'Labs, Panels, Lab Tests' },
  { id: 'barcode-labels', name: 'Barcode Label Configurations' },
] as const;

export type ConfigurationArea = (typeof SANDBOX_CLONE_AREAS)[number]['id'];

export function isEnvironmentKind(value: unknown): value is EnvironmentKind {
  return typeof value === 'string' && (ENVIRONMENT_KIND_NAMES as readonly string[]).includes(value);
}

/** "VAL MAIN", "Migration", "Demo": an instance as people name it. */
export function instanceName(kind: EnvironmentKind, slot: InstanceSlot): string {
  return ENVIRONMENT_KINDS[kind].shape === 'pair' ? `${kind} ${slot}` : kind;
}
