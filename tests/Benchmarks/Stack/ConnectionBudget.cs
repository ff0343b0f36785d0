using System.Text.Json;
using AppHost.Tests.Deployment;
using ReadRouting;

namespace Benchmarks.Stack;

// The connection budget (docs/deploy.md, "The connection budget") of the stack as it runs now: the Npgsql
// pools every running process may fill on each Postgres server, plus the reserve left for everything else
// (the AppHost's health checks, the harness's own connections). The api's and the Worker's pool sizes come
// from their appsettings.json (the benchmark stack overrides neither); the instance counts are the running ones.
public sealed record ConnectionBudget(int PrimaryPools, string PrimaryPoolsSum, int ReplicaPools, string ReplicaPoolsSum, int Reserve)
{
    // tests/AppHost.Tests/ConnectionBudgetTests.cs, Reserve.
    public const int ReserveConnections = 20;

    // Migrations/SchemaMigration.cs, MaximumPoolSize. The budget counts it although the step has exited by now.
    private const int MigrationsPrimaryPool = 2;

    public int Primary => PrimaryPools + Reserve;

    public int Replica => ReplicaPools + Reserve;

    public static ConnectionBudget Of(BenchmarkStack stack)
    {
        var api = Pools("Api");
        var worker = Pools("Worker");
        var holders = new (string Name, int Instances, (int Primary, int Replica) Pool)[]
        {
            ("api", stack.Instances("api").Count, api),
            ("worker", stack.Instances("worker").Count, worker),
            (BenchmarkStack.BaselineWorker, stack.Instances(BenchmarkStack.BaselineWorker).Count, worker),
            ("migrations", 1, (MigrationsPrimaryPool, 0)),
        };
        (int Total, string Sum) Add(Func<(int Primary, int Replica), int> pool)
        {
            var counted = holders.Where(h => h.Instances > 0 && pool(h.Pool) > 0).ToList();
            var total = counted.Sum(h => h.Instances * pool(h.Pool));
            return (total, $"{string.Join(" + ", counted.Select(h => $"{h.Name} {h.Instances} × {pool(h.Pool)}"))} = {total}");
        }
        var primary = Add(pool => pool.Primary);
        var replica = Add(pool => pool.Replica);
        return new ConnectionBudget(primary.Total, primary.Sum, replica.Total, replica.Sum, ReserveConnections);
    }

    private static (int Primary, int Replica) Pools(string project)
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine(project, "appsettings.json")));
        var section = settings.RootElement.GetProperty(ConnectionPoolOptions.SectionName);
        return (section.GetProperty(nameof(ConnectionPoolOptions.PrimaryMaximumSize)).GetInt32(),
            section.GetProperty(nameof(ConnectionPoolOptions.ReplicaMaximumSize)).GetInt32());
    }
}
