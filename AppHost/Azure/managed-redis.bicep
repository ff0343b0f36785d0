// The cache: Azure Managed Redis (Microsoft.Cache/redisEnterprise), TLS only on port 10000, persisted to disk.
// Its access key comes from Azure, so the connection string goes to the Key Vault azd creates (secretOutputs).

@description('The location for the cache (azd passes the environment\'s).')
param location string = resourceGroup().location

@description('The Key Vault azd creates for secret outputs (azd fills it when the manifest passes "").')
param keyVaultName string

resource redis 'Microsoft.Cache/redisEnterprise@2025-07-01' = {
  name: take('cache-${uniqueString(resourceGroup().id)}', 60)
  location: location
  sku: {
    name: 'Balanced_B1'
  }
  properties: {
    minimumTlsVersion: '1.2'
    // azd's Container Apps environment has no virtual network to hold a private endpoint.
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.Cache/redisEnterprise/databases@2025-07-01' = {
  parent: redis
  name: 'default'
  properties: {
    clientProtocol: 'Encrypted'
    port: 10000
    // One endpoint that behaves like a single Redis, as the services expect (multi-key scripts, no cluster redirects).
    clusteringPolicy: 'EnterpriseCluster'
    // The Web's Data Protection key ring lives here: never evict it.
    evictionPolicy: 'NoEviction'
    accessKeysAuthentication: 'Enabled'
    persistence: {
      aofEnabled: true
      aofFrequency: '1s'
    }
  }
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource connectionString 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'connectionString'
  properties: {
    value: '${redis.properties.hostName}:10000,ssl=true,abortConnect=false,password=${database.listKeys().primaryKey}'
  }
}

output hostName string = redis.properties.hostName
