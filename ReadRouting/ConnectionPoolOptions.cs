namespace ReadRouting;

// How many connections a process may hold on each Postgres server, and how long a request waits for one of the
// primary's before it gives up. Each service states its numbers in its appsettings.json; together, over the most
// replicas the AppHost and the Container Apps templates allow, they stay under the servers' max_connections
// (the budget: docs/deploy.md, *The connection budget*, checked by tests/AppHost.Tests/ConnectionBudgetTests.cs).
public sealed class ConnectionPoolOptions
{
    public const string SectionName = "ConnectionPools";

    // Maximum Pool Size of the primary's data source ("links").
    public int PrimaryMaximumSize { get; set; } = 10;

    // Maximum Pool Size of the replica's data source ("links-replica"). Its pool wait is ReadRouting:ReplicaOpenTimeout:
    // a replica that cannot give a connection in time sends the read to the primary.
    public int ReplicaMaximumSize { get; set; } = 10;

    // The primary's Timeout (whole seconds): how long opening waits for a pooled connection (and for the server)
    // before Npgsql throws "The connection pool has been exhausted".
    public TimeSpan PrimaryPoolWait { get; set; } = TimeSpan.FromSeconds(5);
}
