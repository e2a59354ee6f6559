/**
 * What review of the deployment artefacts checks, read from their text (no Bicep compiler or Docker engine runs
 * here): the Azure template's resources, settings, parameters and outputs; the Dockerfile's stages and hardening.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const bicep = readFileSync(join(ROOT, 'infra/main.bicep'), 'utf8');
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

/** `resource <symbol> '<type>@<api>'` declarations: symbol → type. */
const resources = new Map([...bicep.matchAll(/^resource (\w+) '([^@']+)@[\w-]+'/gm)].map((m) => [m[1], m[2]]));
const params = new Set([...bicep.matchAll(/^param (\w+) /gm)].map((m) => m[1]));
const outputs = new Set([...bicep.matchAll(/^output (\w+) /gm)].map((m) => m[1]));
/** The body of a resource declaration up to the next top-level declaration. */
const body = (symbol: string) => {
  const start = bicep.search(new RegExp(`^resource ${symbol} `, 'm'));
  const rest = bicep.slice(start + 1);
  const end = rest.search(/^(resource|output|param|var|@description|\/\/ -{5})/m);
  return rest.slice(0, end);
};

describe('infra/main.bicep', () => {
  test('has the monitoring, Key Vault and publishing-policy resources', () => {
    expect([...resources.values()]).toEqual(
      expect.arrayContaining([
        'Microsoft.OperationalInsights/workspaces',
        'Microsoft.Insights/components',
        'Microsoft.KeyVault/vaults',
        'Microsoft.KeyVault/vaults/secrets',
        'Microsoft.Authorization/roleAssignments',
        'Microsoft.Web/sites/basicPublishingCredentialsPolicies',
        'Microsoft.DocumentDB/databaseAccounts',
        'Microsoft.Web/sites',
        'Microsoft.BotService/botServices',
      ]),
    );
  });

  test('Application Insights is workspace-based and feeds the app setting', () => {
    expect(body('appInsights')).toMatch(/WorkspaceResourceId: workspace\.id/);
    expect(bicep).toMatch(/name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsights\.properties\.ConnectionString/);
  });

  test('Key Vault with RBAC; Slack secrets only as Key Vault references; the identity may read secrets', () => {
    expect(body('vault')).toMatch(/enableRbacAuthorization: true/);
    expect(bicep).toMatch(/name: 'SLACK_BOT_TOKEN', value: '@Microsoft\.KeyVault\(SecretUri=/);
    expect(bicep).toMatch(/name: 'SLACK_SIGNING_SECRET', value: '@Microsoft\.KeyVault\(SecretUri=/);
    expect(bicep).not.toMatch(/value: slackBotToken \}|value: slackSigningSecret \}/);
    expect(body('vaultSecretsUser')).toMatch(/4633458b-17de-408a-b874-0445c86b69e6|keyVaultSecretsUserRoleId/);
    expect(body('web')).toMatch(/keyVaultReferenceIdentity: identity\.id/);
    expect(bicep).not.toMatch(/MicrosoftAppPassword', value/);
  });

  test('Node 22 LTS, health check on /readyz, no server-side build with dev dependencies', () => {
    expect(bicep).toMatch(/param linuxFxVersion string = 'NODE\|22-lts'/);
    expect(body('web')).toMatch(/healthCheckPath: '\/readyz'/);
    expect(bicep).toMatch(/name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false'/);
    expect(bicep).not.toMatch(/NPM_CONFIG_INCLUDE/);
  });

  test('Cosmos: TLS 1.2 minimum, continuous backup, network access and IP rules from parameters', () => {
    const cosmos = body('cosmos');
    expect(cosmos).toMatch(/minimalTlsVersion: 'Tls12'/);
    expect(cosmos).toMatch(/type: 'Continuous'/);
    expect(cosmos).toMatch(/publicNetworkAccess: cosmosPublicNetworkAccess/);
    expect(cosmos).toMatch(/ipRules: \[for range in cosmosAllowedIpRanges/);
  });

  test('basic-auth publishing is off for FTP and SCM', () => {
    const policies = [...resources].filter(([, type]) => type === 'Microsoft.Web/sites/basicPublishingCredentialsPolicies').map(([s]) => body(s));
    expect(policies.map((p) => /name: '(\w+)'/.exec(p)?.[1]).sort()).toEqual(['ftp', 'scm']);
    for (const p of policies) expect(p).toMatch(/allow: false/);
  });

  test('names come from a lowercased base name', () => {
    expect(bicep).toMatch(/var name = toLower\(baseName\)/);
    expect(bicep).not.toMatch(/\$\{baseName\}/);
  });

  test('parameters and outputs', () => {
    for (const p of ['baseName', 'location', 'linuxFxVersion', 'cosmosPublicNetworkAccess', 'cosmosAllowedIpRanges', 'logRetentionDays', 'slackBotToken', 'slackSigningSecret']) expect(params).toContain(p);
    for (const o of ['botAppId', 'webAppName', 'messagingEndpoint', 'cosmosEndpoint', 'keyVaultName', 'appInsightsName']) expect(outputs).toContain(o);
    const file = JSON.parse(readFileSync(join(ROOT, 'infra/main.parameters.json'), 'utf8'));
    for (const name of Object.keys(file.parameters)) expect(params).toContain(name);
    expect(Object.keys(file.parameters)).not.toEqual(expect.arrayContaining(['slackBotToken']));
  });
});

describe('Dockerfile', () => {
  const stages = [...dockerfile.matchAll(/^FROM (\S+)(?: AS (\w+))?/gim)].map((m) => ({ image: m[1], name: m[2] }));
  const runtime = dockerfile.slice(dockerfile.search(/^FROM \S+ AS runtime/m));

  test('is multi-stage: a build stage and a slim runtime', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0].name).toBe('build');
    expect(stages.at(-1)).toMatchObject({ name: 'runtime' });
    expect(stages.at(-1)!.image).toMatch(/^node:22[\w.-]*-slim$/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(runtime).toMatch(/COPY --from=build .*\/app\/node_modules/);
    expect(runtime).not.toMatch(/npm (ci|install)|g\+\+|tsx/);
  });

  test('runs as a non-root user with a HEALTHCHECK on /readyz and node as the command', () => {
    const user = [...runtime.matchAll(/^USER (\S+)/gm)].map((m) => m[1]);
    expect(user.length).toBeGreaterThan(0);
    expect(user.at(-1)).not.toMatch(/^(root|0)$/);
    expect(runtime).toMatch(/^HEALTHCHECK [\s\S]*\/readyz/m);
    expect(runtime).toMatch(/^CMD \["node", "dist\/src\/index\.js"\]/m);
    expect(runtime).toMatch(/DATA_DIR=\/data/);
    expect(runtime).toMatch(/^VOLUME \["\/data"\]/m);
  });

  test('.dockerignore keeps local data, secrets and node_modules out of the context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const entry of ['node_modules', 'dist', 'data', '.env', '.git']) expect(ignored).toContain(entry);
  });
});
