import { execFile } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { parse } from 'yaml';
import { DEFAULT_JIRA_SWAGGER, formatReport, REPO_ROOT, validateManifest, type ValidationReport } from '../../scripts/validate-manifest';

// The first run loads @forge/lint and compiles the manifest schema (a few seconds); later runs reuse them.
jest.setTimeout(60_000);

/** POST /rest/api/3/issue/{issueIdOrKey}/comment's granular scopes, as the OpenAPI description lists them. */
const COMMENT_POST_GRANULAR = ['read:comment:jira', 'read:comment.property:jira', 'read:group:jira', 'read:project:jira', 'read:project-role:jira', 'read:user:jira', 'write:comment:jira', 'read:avatar:jira'];

const APP_ID = 'ari:cloud:ecosystem::app/5b0e8f4e-2a4b-4f0c-9a8e-1c2d3e4f5a6b';

interface FixtureOptions {
  functionKeyInTrigger?: string;
  scopes: string[];
}

const manifestYaml = ({ functionKeyInTrigger = 'on-issue-event', scopes }: FixtureOptions): string => `modules:
  trigger:
    - key: issue-event-trigger
      function: ${functionKeyInTrigger}
      events:
        - avi:jira:created:issue
        - avi:jira:updated:issue
  function:
    - key: on-issue-event
      handler: index.onIssueEvent
app:
  id: ${APP_ID}
  runtime:
    name: nodejs22.x
    architecture: arm64
    memoryMB: 256
permissions:
  scopes:
${scopes.map((scope) => `    - ${scope}`).join('\n')}
`;

const HANDLER_SOURCE = `import api, { route } from '@forge/api';

export async function onIssueEvent(event: { issue: { key: string } }): Promise<void> {
  const key = event.issue.key;
  await api.asApp().requestJira(route\`/rest/api/3/issue/\${key}/comment\`, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify({ body: { type: 'doc', version: 1, content: [] } }),
  });
}
`;

const tmpDirs: string[] = [];

/** A minimal Forge app in os.tmpdir(): manifest.yml, the repo's tsconfig.json, src/index.ts. */
function makeFixture(options: FixtureOptions): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-manifest-fixture-'));
  tmpDirs.push(dir);
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'manifest.yml'), manifestYaml(options));
  fs.copyFileSync(path.join(REPO_ROOT, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
  fs.writeFileSync(path.join(dir, 'src', 'index.ts'), HANDLER_SOURCE);
  return dir;
}

const errorsOf = (report: ValidationReport) => report.problems.filter((p) => p.level === 'error');

afterAll(() => {
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('validate-manifest', () => {
  it('needs the Jira description beside the repository', () => {
    expect(fs.existsSync(DEFAULT_JIRA_SWAGGER)).toBe(true);
  });

  it('(a) passes on the repository manifest', async () => {
    const report = await validateManifest();
    expect(errorsOf(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.appDir).toBe(REPO_ROOT);
    expect(report.lintedFiles).toContain(path.join('src', 'index.ts'));
  });

  it('(b) fails on a trigger that references an unknown function key, naming the key', async () => {
    const dir = makeFixture({ functionKeyInTrigger: 'on-issue-evnt', scopes: ['read:jira-work', 'write:jira-work'] });
    const report = await validateManifest({ dir });
    expect(report.ok).toBe(false);
    const errors = errorsOf(report);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ source: 'manifest', file: 'manifest.yml' });
    expect(errors[0].message).toContain("'on-issue-evnt'");
    expect(formatReport(report)).toMatch(/ERROR.*manifest\.yml:\d+.*on-issue-evnt/);
  });

  it('(c) fails when src/ posts a comment without write:jira-work, naming the scope and the call', async () => {
    const dir = makeFixture({ scopes: ['read:jira-work'] });
    const report = await validateManifest({ dir });
    expect(report.ok).toBe(false);
    const errors = errorsOf(report);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ source: 'lint', file: path.join('src', 'index.ts'), line: 5 });
    expect(errors[0].message).toContain('write:jira-work');
    expect(errors[0].message).toContain('POST /rest/api/3/issue/{issueIdOrKey}/comment');
  });

  it('(d) passes when the manifest has write:jira-work', async () => {
    const dir = makeFixture({ scopes: ['read:jira-work', 'write:jira-work'] });
    const report = await validateManifest({ dir });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('passes with the granular scopes of posting a comment instead of write:jira-work, and fails when one of them is missing', async () => {
    const dir = makeFixture({ scopes: ['read:jira-work', ...COMMENT_POST_GRANULAR] });
    const report = await validateManifest({ dir });
    expect(report.problems).toEqual([]);
    // A granular set counts only whole: without read:comment.property:jira the call needs write:jira-work again.
    const partial = makeFixture({ scopes: ['read:jira-work', ...COMMENT_POST_GRANULAR.filter((scope) => scope !== 'read:comment.property:jira')] });
    const refused = await validateManifest({ dir: partial });
    expect(refused.ok).toBe(false);
    expect(errorsOf(refused)).toEqual([expect.objectContaining({ file: path.join('src', 'index.ts'), message: expect.stringContaining('POST /rest/api/3/issue/{issueIdOrKey}/comment') })]);
  });

  it('the repository manifest grants no classic write scope and nothing that deletes', () => {
    const scopes = (parse(fs.readFileSync(path.join(REPO_ROOT, 'manifest.yml'), 'utf8')) as { permissions: { scopes: string[] } }).permissions.scopes;
    expect(scopes).not.toContain('write:jira-work');
    expect(scopes.filter((scope) => scope.startsWith('delete:') || scope.startsWith('manage:'))).toEqual([]);
  });

  it('fails when the trigger events lack read:jira-work', async () => {
    const dir = makeFixture({ scopes: ['write:jira-work'] });
    const report = await validateManifest({ dir });
    expect(report.ok).toBe(false);
    expect(errorsOf(report).map((p) => p.message).join('\n')).toMatch(/avi:jira:created:issue.*read:jira-work/);
  });

  it('fails when tsconfig.json would make @forge/lint skip the sources', async () => {
    const dir = makeFixture({ scopes: ['read:jira-work'] });
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ include: ['src'] }));
    const report = await validateManifest({ dir });
    expect(report.ok).toBe(false);
    expect(errorsOf(report)).toEqual([
      expect.objectContaining({ file: path.join('src', 'index.ts'), message: expect.stringContaining('silently skip') }),
    ]);
  });

  it('fails, saying so, when the Jira description is missing', async () => {
    const dir = makeFixture({ scopes: ['read:jira-work', 'write:jira-work'] });
    const swaggerPath = path.join(dir, 'no-such-openapi.json');
    const report = await validateManifest({ dir, swaggerPath });
    expect(report.ok).toBe(false);
    expect(errorsOf(report)).toEqual([
      expect.objectContaining({ source: 'setup', file: swaggerPath, message: expect.stringContaining('OpenAPI description not found') }),
    ]);
  });

  it('CLI: exits 1 and prints the problem with its location', async () => {
    const dir = makeFixture({ scopes: ['read:jira-work'] });
    const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
      execFile(
        process.execPath,
        [require.resolve('tsx/cli'), path.join(REPO_ROOT, 'scripts', 'validate-manifest.ts'), '--dir', dir],
        { cwd: REPO_ROOT, timeout: 50_000 },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, output: stdout + stderr }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/ERROR\s+\[lint\] src\/index\.ts:5:\d+ .*write:jira-work/);
    expect(result.output).toContain('FAILED: 1 error(s)');
  });
});
