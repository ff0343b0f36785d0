namespace AppHost.Containers;

// A hot standby of a primary container; it shares the primary's superuser, being a copy of it.
public sealed class PostgresReplicaContainerResource(string name, PostgresServerResource primary)
    : ContainerResource(name), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public EndpointReference Endpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username={primary.UserNameReference};Password={primary.PasswordParameter}");
}
