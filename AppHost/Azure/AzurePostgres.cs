namespace AppHost.Azure;

// Published, the links database lives on Azure Database for PostgreSQL flexible server, a primary and its read replica
// (postgres-flexible-server.bicep, postgres-read-replica.bicep); run, nothing changes (null: the caller's runtime decides).
public static class AzurePostgres
{
    // Azure refuses "postgres" (and admin, root, ...) as the administrator login.
    public const string AdministratorLogin = "linksadmin";

    public static IResourceBuilder<IResourceWithConnectionString>? AddAzurePostgresWhenPublished(this IDistributedApplicationBuilder builder, string name)
    {
        if (!builder.ExecutionContext.IsPublishMode)
        {
            return null;
        }
        // Our own secret, so the connection string is built from it and the host name without a Key Vault. Azure wants three
        // of lower, upper, digit and symbol; symbols are left out so the password needs no quoting in a connection string.
        var password = builder.AddResource(ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(
            builder, $"{name}-password", special: false, minLower: 1, minUpper: 1, minNumeric: 1));
        var server = builder.AddAzureBicepModule(name, "postgres-flexible-server.bicep");
        server.Resource.Parameters["administratorLogin"] = AdministratorLogin;
        server.Resource.Parameters["administratorLoginPassword"] = password.Resource;
        server.Resource.Parameters["databaseName"] = "links";
        server.Resource.ConnectionString = ConnectionString(server.Resource, password.Resource);
        return server;
    }

    // The replica has the primary's login and password: it is a copy of the primary's whole cluster.
    public static IResourceBuilder<IResourceWithConnectionString>? AddAzurePostgresReplicaWhenPublished(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<IResourceWithConnectionString> primary)
    {
        if (!builder.ExecutionContext.IsPublishMode)
        {
            return null;
        }
        var source = primary.Resource as AzureBicepModuleResource
            ?? throw new ArgumentException($"The read replica copies an Azure flexible server, not '{primary.Resource.Name}'.", nameof(primary));
        var password = (ParameterResource)source.Parameters["administratorLoginPassword"];
        var replica = builder.AddAzureBicepModule(name, "postgres-read-replica.bicep");
        replica.Resource.Parameters["sourceServerResourceId"] = source.GetOutput("id");
        replica.Resource.ConnectionString = ConnectionString(replica.Resource, password);
        return replica;
    }

    // TLS is required by the server (require_secure_transport); the client insists on it too.
    private static ReferenceExpression ConnectionString(AzureBicepModuleResource server, ParameterResource password) =>
        ReferenceExpression.Create($"Host={server.GetOutput("hostName")};Port=5432;Username={AdministratorLogin};Password={password};SSL Mode=Require");
}
