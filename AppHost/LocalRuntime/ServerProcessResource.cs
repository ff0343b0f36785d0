namespace AppHost.LocalRuntime;

// Each server runs as `bash <start script>`: the script prepares its data folder, then execs the server.
public abstract class ServerProcessResource(string name, string script, string dataDirectory)
    : ExecutableResource(name, "bash", dataDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public string Script { get; } = script;

    public string DataDirectory { get; } = dataDirectory;

    public EndpointReference Endpoint => new(this, EndpointName);

    public abstract ReferenceExpression ConnectionStringExpression { get; }
}
