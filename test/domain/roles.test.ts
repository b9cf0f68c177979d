import { isRole, peopleInRole, rolesHeldBy, ROLES, type RoleMapping } from '../../src/domain/roles';

describe('roles and the role mapping', () => {
  const mapping: RoleMapping = {
    projectDefault: { 'IQVIA PM': ['pm-default'], 'IQVIA Engineer': ['eng-default'] },
    organizations: { acme: { 'IQVIA PM': ['pm-acme', 'pm-acme-2'], Customer: ['cust-acme'] }, empty: { 'IQVIA PM': [] } },
  };

  test('the five roles of the documents', () => {
    expect(ROLES).toEqual(['Customer', 'IQVIA PM', 'IQVIA Engineer', 'IQVIA Support', 'Solution Specialist']);
    expect(isRole('IQVIA PM')).toBe(true);
    expect(isRole('iqvia pm')).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });

  test('the organization\'s people first, then the project default; Customer falls back to the reporter', () => {
    expect(peopleInRole(mapping, 'acme', 'IQVIA PM')).toEqual(['pm-acme', 'pm-acme-2']);
    expect(peopleInRole(mapping, 'acme', 'IQVIA Engineer')).toEqual(['eng-default']);
    expect(peopleInRole(mapping, 'empty', 'IQVIA PM')).toEqual(['pm-default']);
    expect(peopleInRole(mapping, 'other', 'Customer', 'reporter')).toEqual(['reporter']);
    expect(peopleInRole(mapping, 'acme', 'Customer', 'reporter')).toEqual(['cust-acme']);
    expect(peopleInRole(mapping, 'other', 'IQVIA Support', 'reporter')).toEqual([]);
  });

  test('rolesHeldBy lists every role a person holds for one organization', () => {
    expect(rolesHeldBy(mapping, 'acme', 'pm-acme-2')).toEqual(['IQVIA PM']);
    expect(rolesHeldBy(mapping, 'other', 'pm-default')).toEqual(['IQVIA PM']);
    expect(rolesHeldBy(mapping, 'acme', 'pm-default')).toEqual([]);
    expect(rolesHeldBy(mapping, 'other', 'reporter', 'reporter')).toEqual(['Customer']);
  });
});
