import type { OrganizationRecord } from './model';
import type { JiraUserInput } from './stand-in';

/**
 * A small cast for local runs and tests: two customer organizations, an admin
 * agent, two agents and three customers. Pass them as `organizations`/`users`
 * to `new JiraStandIn(...)`. Any token works with these e-mails over HTTP.
 */
export const DEMO_ORGANIZATIONS: readonly OrganizationRecord[] = [
  { id: '1', name: 'Acme Clinical Research' },
  { id: '2', name: 'Globex Pharma' },
];

export const DEMO_USERS: readonly JiraUserInput[] = [
  { accountId: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Alice Admin', emailAddress: 'alice.admin@iqvia.example', isAdmin: true },
  { accountId: '5b10ac8d82e05b22cc7d4ef6', displayName: 'Paul PM', emailAddress: 'paul.pm@iqvia.example' },
  { accountId: '5b10ac8d82e05b22cc7d4ef7', displayName: 'Erin Engineer', emailAddress: 'erin.engineer@iqvia.example' },
  {
    accountId: 'qm:acme-carla',
    displayName: 'Carla Customer',
    emailAddress: 'carla@acme.example',
    accountType: 'customer',
    organizationIds: ['1'],
  },
  {
    accountId: 'qm:acme-victor',
    displayName: 'Victor Validation',
    emailAddress: 'victor@acme.example',
    accountType: 'customer',
    organizationIds: ['1'],
  },
  {
    accountId: 'qm:globex-gina',
    displayName: 'Gina Globex',
    emailAddress: 'gina@globex.example',
    accountType: 'customer',
    organizationIds: ['2'],
  },
];
