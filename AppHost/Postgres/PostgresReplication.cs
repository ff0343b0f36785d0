namespace AppHost.Postgres;

public static class PostgresReplication
{
    public const string ReplicationRole = "replicator";

    // The password of the primary's replication role, one generated secret per primary.
    public static ParameterResource ReplicatorPassword(IDistributedApplicationBuilder builder, string primaryName)
    {
        var name = $"{primaryName}-replicator-password";
        return builder.Resources.OfType<ParameterResource>().FirstOrDefault(parameter => parameter.Name == name)
            ?? builder.AddResource(ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, name, special: false)).Resource;
    }
}
