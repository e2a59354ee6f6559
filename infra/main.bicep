// Melden — production resources in one resource group:
//   user-assigned managed identity (the bot's identity and Cosmos DB access; no secrets)
//   App Service plan + web app (Linux, Node 20) running `node dist/src/index.js`
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
param linuxFxVersion string = 'NODE|20-lts'

@description('Path of the team configuration YAML on the web app (see infra/README.md: put it in /home, which survives redeploys).')
param meldenConfigPath string = '/home/site/config/melden.yaml'

@description('Cosmos DB database name (COSMOS_DATABASE).')
param cosmosDatabaseName string = 'melden'

@description('Containers to create in the database. With Entra ID (RBAC) data access the app cannot create containers itself, so list here every container src/store/cosmos.ts uses (CONTAINERS in src/store/cosmos-setup.ts). defaultTtl -1 = TTL on, items expire only when they carry a `ttl`.')
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

@description('Slack bot token (xoxb-…). Leave empty to run without Slack.')
@secure()
param slackBotToken string = ''

@description('Slack signing secret. Required when slackBotToken is set.')
@secure()
param slackSigningSecret string = ''

param tags object = { app: 'melden' }

// ---------------------------------------------------------------- identity

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${baseName}-id'
  location: location
  tags: tags
}

// ---------------------------------------------------------------- Cosmos DB for NoSQL (serverless)

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: '${baseName}-cosmos'
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
    publicNetworkAccess: 'Enabled'
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

// ---------------------------------------------------------------- App Service (Linux, Node 20)

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${baseName}-plan'
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
  // Build on deploy (Oryx: npm install + npm run build), then start the compiled server. The build needs the
  // devDependencies (typescript), which npm would skip under NODE_ENV=production without NPM_CONFIG_INCLUDE=dev.
  { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'true' }
  { name: 'NPM_CONFIG_INCLUDE', value: 'dev' }
  { name: 'NODE_ENV', value: 'production' }
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

var slackAppSettings = empty(slackBotToken)
  ? []
  : [
      { name: 'SLACK_BOT_TOKEN', value: slackBotToken }
      { name: 'SLACK_SIGNING_SECRET', value: slackSigningSecret }
    ]

resource web 'Microsoft.Web/sites@2023-12-01' = {
  name: '${baseName}-app'
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
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: linuxFxVersion
      appCommandLine: 'node dist/src/index.js'
      alwaysOn: true
      healthCheckPath: '/healthz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: concat(baseAppSettings, slackAppSettings)
    }
  }
}

// ---------------------------------------------------------------- Azure Bot + Teams channel

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${baseName}-bot'
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
