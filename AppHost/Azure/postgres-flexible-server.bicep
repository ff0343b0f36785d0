// The links database's primary: Azure Database for PostgreSQL flexible server (docs/deploy.md, "What azd up creates").
// azd passes location; the admin password is the AppHost's own secret parameter, so no Key Vault is needed.

@description('The location for the server (azd passes the environment\'s).')
param location string = resourceGroup().location

@description('The administrator login; Azure refuses reserved names such as postgres, admin, root.')
param administratorLogin string

@secure()
@description('The administrator password, from the AppHost\'s generated secret parameter.')
param administratorLoginPassword string

@description('The database the services use.')
param databaseName string

// The connection budget (docs/deploy.md, "The connection budget"): the replica must allow at least as many.
var maxConnections = 200

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2025-08-01' = {
  name: take('postgres-${uniqueString(resourceGroup().id)}', 63)
  location: location
  // Read replicas need General Purpose or Memory Optimized: Burstable cannot have one.
  sku: {
    name: 'Standard_D2ds_v5'
    tier: 'GeneralPurpose'
  }
  properties: {
    version: '17'
    createMode: 'Default'
    administratorLogin: administratorLogin
    administratorLoginPassword: administratorLoginPassword
    authConfig: {
      activeDirectoryAuth: 'Disabled'
      passwordAuth: 'Enabled'
    }
    storage: {
      storageSizeGB: 32
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: 14
      geoRedundantBackup: 'Enabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
    network: {
      publicNetworkAccess: 'Enabled'
    }
  }
}

// azd's Container Apps environment has no virtual network and no fixed outbound address: the narrowest firewall rule
// that lets it in is Azure's "allow Azure services" (0.0.0.0), which admits any Azure-hosted client that has the password.
resource allowAzureServices 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2025-08-01' = {
  parent: server
  name: 'AllowAllAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource requireTls 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2025-08-01' = {
  parent: server
  name: 'require_secure_transport'
  properties: {
    value: 'on'
    source: 'user-override'
  }
  dependsOn: [allowAzureServices]
}

resource minimumTlsVersion 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2025-08-01' = {
  parent: server
  name: 'ssl_min_protocol_version'
  properties: {
    value: 'TLSv1.2'
    source: 'user-override'
  }
  dependsOn: [requireTls]
}

// A static parameter: it takes effect at the server's next restart; until then the SKU's default (859) applies.
resource connectionLimit 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2025-08-01' = {
  parent: server
  name: 'max_connections'
  properties: {
    value: string(maxConnections)
    source: 'user-override'
  }
  dependsOn: [minimumTlsVersion]
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2025-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
  dependsOn: [connectionLimit]
}

output id string = server.id

output hostName string = server.properties.fullyQualifiedDomainName

output name string = server.name
