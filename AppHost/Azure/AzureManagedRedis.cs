namespace AppHost.Azure;

// Published, the cache is Azure Managed Redis (managed-redis.bicep); run, nothing changes (null: the caller's runtime decides).
public static class AzureManagedRedis
{
    public static IResourceBuilder<IResourceWithConnectionString>? AddAzureManagedRedisWhenPublished(this IDistributedApplicationBuilder builder, string name)
    {
        if (!builder.ExecutionContext.IsPublishMode)
        {
            return null;
        }
        var cache = builder.AddAzureBicepModule(name, "managed-redis.bicep");
        // The access key is Azure's, not ours: the module writes the connection string to the Key Vault azd creates for "".
        cache.Resource.Parameters["keyVaultName"] = "";
        cache.Resource.ConnectionString = ReferenceExpression.Create($"{cache.Resource.GetSecretOutput("connectionString")}");
        return cache;
    }
}
