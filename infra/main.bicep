// Melden — production resources in one resource group:
//   user-assigned managed identity (the bot's identity and Cosmos DB access; no secrets)
//   App Service plan + web app (Linux, Node 22 LTS) running the prebuilt package: `node dist/src/index.js`
//   Log Analytics workspace + workspace-based Application Insights (APPLICATIONINSIGHTS_CONNECTION_STRING)
//   Key Vault (RBAC) holding the Slack secrets; the app reads them through Key Vault references
//   Azure Bot registration (msaAppType UserAssignedMSI) with the Microsoft Teams channel
//   Cosmos DB for NoSQL account (serverless, local auth off) + database `melden` (+ containers, see `cosmosContainers`)
//   Cosmos DB Built-in Data Contributor for the identity on the account
//
// Deploy: az deployment group create -g <rg> -f infra/main.bicep -p baseName=<name>   (see infra/README.md)
// Not compiled or deployed in this repository's CI (no az/bicep CLI here): run `az bicep build -f infra/main.bicep` first.

targetScope = 'resourceGroup'

@description('A Cosmos DB container: its name and partition key path, e.g. { name: \'incidents\', partitionKeyPath: \'/teamId\' }.')
type cosmosContainer = {
  name: string
  partitionKeyPath: string
}

@description('Prefix for resource names; lowercase letters, digits and hyphens. Web app and Cosmos account names must be globally unique.')
@minLength(3)
@maxLength(24)
param baseName string = 'melden-${uniqueString(resourceGroup().id)}'

// Cosmos DB and Key Vault names must be lowercase; every name derives from this.
var name = toLower(baseName)

@description('Region for everything except the bot registration (which is global).')
param location string = resourceGroup().location

@description('Entra tenant of the managed identity. Teams users must be in this tenant (UserAssignedMSI bots are single-tenant).')
param tenantId string = subscription().tenantId

@description('Name shown for the bot in Azure; the name in Teams comes from the app manifest.')
param botDisplayName string = 'Melden'

@description('Azure Bot pricing tier. Teams is a standard channel: messages to it are free on F0 as well.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('App Service plan SKU (Linux). B1 or higher supports Always On, which the scheduler needs.')
param appServiceSku string = 'B1'

@description('Node runtime of the web app.')
param linuxFxVersion string = 'NODE|22-lts'

@description('Path of the team configuration YAML on the web app (see infra/README.md: put it in /home, which survives redeploys).')
param meldenConfigPath string = '/home/site/config/melden.yaml'

@description('Cosmos DB database name (COSMOS_DATABASE).')
param cosmosDatabaseName string = 'melden'

@description('Containers to create in the database. With Entra ID (RBAC) data access the app cannot create containers itself, so list here every container src/store/cosmos.ts uses (CONTAINERS in src/store/cosmos-containers.ts). defaultTtl -1 = TTL on, items expire only when they carry a `ttl`.')
param cosmosContainers cosmosContainer[] = [
  { name: 'incidents', partitionKeyPath: '/teamId' }
  { name: 'jobs', partitionKeyPath: '/shard' }
  { name: 'conversations', partitionKeyPath: '/id' }
  { name: 'sequences', partitionKeyPath: '/id' }
  { name: 'handled-once', partitionKeyPath: '/id' }
  { name: 'team-actions', partitionKeyPath: '/teamId' }
  { name: 'review-posts', partitionKeyPath: '/teamId' }
  { name: 'audit', partitionKeyPath: '/id' }
  { name: 'measures', partitionKeyPath: '/teamId' }
]

@description('Disable key-based access to Cosmos DB, so only Entra ID (the managed identity) can read and write. Set false only if you must use COSMOS_KEY.')
param cosmosDisableLocalAuth bool = true

@description('Cosmos DB public network access. Disabled needs a private endpoint (not part of this template).')
@allowed([
  'Enabled'
  'Disabled'
])
param cosmosPublicNetworkAccess string = 'Enabled'

@description('IP addresses or CIDR ranges allowed to reach Cosmos DB. 0.0.0.0 admits Azure datacenters only (the web app\'s outbound addresses); add your own for migrations from a workstation. Empty: no IP filter.')
param cosmosAllowedIpRanges string[] = [
  '0.0.0.0'
]

@description('Days Log Analytics keeps logs and telemetry.')
param logRetentionDays int = 30

@description('Slack bot token (xoxb-…). Leave empty to run without Slack.')
@secure()
param slackBotToken string = ''

@description('Slack signing secret. Required when slackBotToken is set.')
@secure()
param slackSigningSecret string = ''

param tags object = { app: 'melden' }

var slackEnabled = !empty(slackBotToken)

// ---------------------------------------------------------------- identity

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${name}-id'
  location: location
  tags: tags
}

// ---------------------------------------------------------------- Cosmos DB for NoSQL (serverless)

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: '${name}-cosmos'
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    capabilities: [
      {
        name: 'EnableServerless'
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    disableLocalAuth: cosmosDisableLocalAuth
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    // Point-in-time restore for the last 7 days (incidents are records the municipality must not lose).
    backupPolicy: {
      type: 'Continuous'
      continuousModeProperties: {
        tier: 'Continuous7Days'
      }
    }
    publicNetworkAccess: cosmosPublicNetworkAccess
    ipRules: [for range in cosmosAllowedIpRanges: { ipAddressOrRange: range }]
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: cosmos
  name: cosmosDatabaseName
  properties: {
    resource: {
      id: cosmosDatabaseName
    }
    // serverless: no throughput options
  }
}

resource containers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = [
  for c in cosmosContainers: {
    parent: database
    name: c.name
    properties: {
      resource: {
        id: c.name
        partitionKey: {
          paths: [c.partitionKeyPath]
          kind: 'Hash'
        }
        defaultTtl: -1
      }
    }
  }
]

// Cosmos DB Built-in Data Contributor (data plane RBAC; a Cosmos SQL role, not an Azure RBAC role).
var cosmosDataContributorRoleId = '00000000-0000-0000-0000-000000000002'

resource cosmosDataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = {
  parent: cosmos
  name: guid(cosmos.id, identity.id, cosmosDataContributorRoleId)
  properties: {
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/${cosmosDataContributorRoleId}'
    principalId: identity.properties.principalId
    scope: cosmos.id
  }
}

// ---------------------------------------------------------------- monitoring

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${name}-logs'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

// Workspace-based: telemetry lands in the Log Analytics workspace above. The app sends only requests,
// dependencies and exceptions without bodies or query strings (src/telemetry.ts, docs/operations.md).
resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${name}-insights'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    DisableIpMasking: false
  }
}

// ---------------------------------------------------------------- Key Vault (secrets; RBAC only)

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: take('${replace(name, '-', '')}kv', 24)
  location: location
  tags: tags
  properties: {
    tenantId: tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource slackTokenSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (slackEnabled) {
  parent: vault
  name: 'slack-bot-token'
  properties: {
    value: slackBotToken
  }
}

resource slackSigningSecretSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (slackEnabled) {
  parent: vault
  name: 'slack-signing-secret'
  properties: {
    value: slackSigningSecret
  }
}

// Key Vault Secrets User: the identity may read secret values, nothing else.
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource vaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, keyVaultSecretsUserRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ---------------------------------------------------------------- App Service (Linux, Node 22 LTS)

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${name}-plan'
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: appServiceSku
  }
  properties: {
    reserved: true // Linux
  }
}

var baseAppSettings = [
  // No build on the server: the deployed zip is built in CI (npm ci, npm run build, npm prune --omit=dev, see
  // infra/README.md), so production holds no dev dependencies and compiles nothing (better-sqlite3 included).
  { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
  { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
  { name: 'NODE_ENV', value: 'production' }
  { name: 'LOG_LEVEL', value: 'info' }
  // Switches on Azure Monitor (OpenTelemetry) in the app; without it the SDK is never loaded.
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsights.properties.ConnectionString }
  // PORT is set by App Service itself; the app reads it.
  { name: 'STORE', value: 'cosmos' }
  { name: 'COSMOS_ENDPOINT', value: cosmos.properties.documentEndpoint }
  { name: 'COSMOS_DATABASE', value: cosmosDatabaseName }
  // The containers come from this template; the app only checks them (a missing one stops it with a clear message).
  { name: 'COSMOS_CREATE_CONTAINERS', value: 'false' }
  // No COSMOS_KEY: the app signs in with the managed identity below.
  { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
  // Bot Framework: the managed identity is the bot's app id; no MicrosoftAppPassword (botbuilder rejects one for MSI).
  { name: 'MicrosoftAppType', value: 'UserAssignedMSI' }
  { name: 'MicrosoftAppId', value: identity.properties.clientId }
  { name: 'MicrosoftAppTenantId', value: tenantId }
  { name: 'MELDEN_CONFIG', value: meldenConfigPath }
]

// Key Vault references: App Service resolves them with the identity (keyVaultReferenceIdentity); the values
// never appear in the app settings. The bot itself has no app password (UserAssignedMSI).
var slackAppSettings = slackEnabled
  ? [
      { name: 'SLACK_BOT_TOKEN', value: '@Microsoft.KeyVault(SecretUri=${slackTokenSecret.properties.secretUri})' }
      { name: 'SLACK_SIGNING_SECRET', value: '@Microsoft.KeyVault(SecretUri=${slackSigningSecretSecret.properties.secretUri})' }
    ]
  : []

resource web 'Microsoft.Web/sites@2023-12-01' = {
  name: '${name}-app'
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    keyVaultReferenceIdentity: identity.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: linuxFxVersion
      appCommandLine: 'node dist/src/index.js'
      alwaysOn: true
      // Readiness: store reachable, scheduler loop alive, not shutting down (docs/operations.md).
      healthCheckPath: '/readyz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: concat(baseAppSettings, slackAppSettings)
    }
  }
  dependsOn: [
    vaultSecretsUser
  ]
}

// Deployments authenticate with Entra ID only: no FTP or SCM basic-auth publishing credentials.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: web
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: web
  name: 'scm'
  properties: {
    allow: false
  }
}

// ---------------------------------------------------------------- Azure Bot + Teams channel

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${name}-bot'
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${web.properties.defaultHostName}/api/messages'
    msaAppType: 'UserAssignedMSI'
    msaAppId: identity.properties.clientId
    msaAppMSIResourceId: identity.id
    msaAppTenantId: tenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      enableCalling: false
    }
  }
}

// ---------------------------------------------------------------- outputs

@description('Use as MicrosoftAppId when packaging the Teams app (scripts/package-manifest.ts).')
output botAppId string = identity.properties.clientId
output webAppName string = web.name
output webAppHostName string = web.properties.defaultHostName
output messagingEndpoint string = 'https://${web.properties.defaultHostName}/api/messages'
output cosmosEndpoint string = cosmos.properties.documentEndpoint
output identityResourceId string = identity.id
output keyVaultName string = vault.name
output appInsightsName string = appInsights.name
output logAnalyticsWorkspaceId string = workspace.id
