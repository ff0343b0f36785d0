// The links database's read replica: a flexible server streaming from the primary (createMode 'Replica').
// It has the primary's admin login and password, databases and data; it takes no writes and has no backups of its own.

@description('The location for the replica (azd passes the environment\'s).')
param location string = resourceGroup().location

@description('The primary\'s resource id, from the postgres module\'s outputs.')
param sourceServerResourceId string

// At least the primary's (AppHost/Azure/postgres-flexible-server.bicep): a standby refuses to start with fewer.
var maxConnections = 200

resource replica 'Microsoft.DBforPostgreSQL/flexibleServers@2025-08-01' = {
  name: take('postgres-replica-${uniqueString(resourceGroup().id)}', 63)
  location: location
  // The primary's SKU: a smaller replica falls behind, and Burstable cannot be a replica.
  sku: {
    name: 'Standard_D2ds_v5'
    tier: 'GeneralPurpose'
  }
  properties: {
    createMode: 'Replica'
    sourceServerResourceId: sourceServerResourceId
    storage: {
      storageSizeGB: 32
      autoGrow: 'Enabled'
    }
    network: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

// The same opening as the primary's: Azure services only, with the password (see postgres-flexible-server.bicep).
resource allowAzureServices 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2025-08-01' = {
  parent: replica
  name: 'AllowAllAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource requireTls 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2025-08-01' = {
  parent: replica
  name: 'require_secure_transport'
  properties: {
    value: 'on'
    source: 'user-override'
  }
  dependsOn: [allowAzureServices]
}

resource minimumTlsVersion 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2025-08-01' = {
  parent: replica
  name: 'ssl_min_protocol_version'
  properties: {
    value: 'TLSv1.2'
    source: 'user-override'
  }
  dependsOn: [requireTls]
}

resource connectionLimit 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2025-08-01' = {
  parent: replica
  name: 'max_connections'
  properties: {
    value: string(maxConnections)
    source: 'user-override'
  }
  dependsOn: [minimumTlsVersion]
}

output id string = replica.id

output hostName string = replica.properties.fullyQualifiedDomainName

output name string = replica.name
