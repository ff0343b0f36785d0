using System.Text.Json;
using System.Text.RegularExpressions;
using AppHost.Tests.Deployment;
using Microsoft.Extensions.DependencyInjection;
using ReadRouting;

namespace AppHost.Tests;

// The connection budget (docs/deploy.md, *The connection budget*): over the most replicas each service may run, locally (the AppHost's
// WithReplicas) and published (the Container Apps templates' maxReplicas, the Azure modules' max_connections), the pools every process may fill on a
// Postgres server, plus a reserve for everyone else, stay within that server's max_connections. Every number is read
// from where it is configured; nothing here starts a stack.
public sealed partial class ConnectionBudgetTests
{
    // Left for what is not a service's pool: the AppHost's health checks and dashboard commands, the tests' and an
    // operator's psql, and PostgreSQL's superuser_reserved_connections (3). Walsenders count against max_wal_senders.
    public const int Reserve = 20;

    private sealed record Pools(int Primary, int Replica);

    // What the local stack's pools may hold on the primary, over the AppHost's replica counts: the budget a burst test
    // checks the primary's pg_stat_activity against (plus Reserve).
    public static async Task<int> LocalPrimaryPoolsAsync()
    {
        var pools = ServicePools();
        return (await AppHostReplicaCountsAsync()).Sum(r => r.Value * pools[r.Key].Primary);
    }

    [Fact]
    public async Task Local_pools_over_the_AppHosts_replica_counts_fit_each_servers_max_connections()
    {
        var replicas = await AppHostReplicaCountsAsync();
        var pools = ServicePools();
        var (primaryMax, replicaMax) = (MaxConnections("AppHost/LocalRuntime/postgres-primary.sh"), MaxConnections("AppHost/LocalRuntime/postgres-replica.sh"));

        AssertFits("local primary", primaryMax, replicas.Sum(r => r.Value * pools[r.Key].Primary));
        AssertFits("local replica", replicaMax, replicas.Sum(r => r.Value * pools[r.Key].Replica));
        Assert.True(replicaMax >= primaryMax, $"a hot standby needs max_connections ≥ the primary's: {replicaMax} < {primaryMax}");
    }

    [Fact]
    public async Task Published_pools_over_the_templates_maxReplicas_fit_each_servers_max_connections()
    {
        // The migrations resource is not published (each api replica migrates at start, within its own pool there).
        Assert.Contains("migrations", await ExcludedFromManifestAsync());
        var pools = ServicePools();
        var replicas = new Dictionary<string, int>
        {
            ["api"] = ContainerAppOverride.Load("api").MaxReplicas,
            ["worker"] = ContainerAppOverride.Load("worker").MaxReplicas,
        };
        foreach (var service in replicas.Keys)
        {
            // azd deploys the template's environment: an override of the pools there would not be counted here.
            Assert.DoesNotContain(ConnectionPoolOptions.SectionName, File.ReadAllText(ContainerAppOverride.PathOf(service)), StringComparison.Ordinal);
        }
        var (primaryMax, replicaMax) = (PublishedMaxConnections("postgres"), PublishedMaxConnections("postgres-replica"));

        AssertFits("published primary", primaryMax, replicas.Sum(r => r.Value * pools[r.Key].Primary));
        AssertFits("published replica", replicaMax, replicas.Sum(r => r.Value * pools[r.Key].Replica));
        Assert.True(replicaMax >= primaryMax, $"a hot standby needs max_connections ≥ the primary's: {replicaMax} < {primaryMax}");

        // The run-mode containers set the same numbers as the Azure servers.
        Assert.Equal(primaryMax, MaxConnections("AppHost/Containers/postgres-primary-entrypoint.sh"));
        Assert.Equal(replicaMax, MaxConnections("AppHost/Containers/postgres-replica-entrypoint.sh"));
    }

    private static void AssertFits(string server, int maxConnections, int pools) =>
        Assert.True(pools + Reserve <= maxConnections,
            $"{server}: pools {pools} + reserve {Reserve} = {pools + Reserve} > max_connections {maxConnections}");

    // Each service's pools as its appsettings.json states them (the AppHost sets none: checked below), and the
    // migrations step's, in code. A service that may touch Postgres must state both.
    private static Dictionary<string, Pools> ServicePools()
    {
        foreach (var source in Directory.EnumerateFiles(RepositoryRoot.Combine("AppHost"), "*.cs", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(ConnectionPoolOptions.SectionName, File.ReadAllText(source), StringComparison.Ordinal);
        }
        return new()
        {
            ["api"] = FromAppSettings("Api"),
            ["worker"] = FromAppSettings("Worker"),
            ["migrations"] = new Pools(Migrations.SchemaMigration.MaximumPoolSize, 0),
        };

        static Pools FromAppSettings(string project)
        {
            using var settings = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine(project, "appsettings.json")));
            var section = settings.RootElement.GetProperty(ConnectionPoolOptions.SectionName);
            var pools = new Pools(
                section.GetProperty(nameof(ConnectionPoolOptions.PrimaryMaximumSize)).GetInt32(),
                section.GetProperty(nameof(ConnectionPoolOptions.ReplicaMaximumSize)).GetInt32());
            Assert.True(pools.Primary > 0 && pools.Replica > 0, $"{project}: {pools}");
            return pools;
        }
    }

    // The replicas of every resource that holds a Postgres pool, from the AppHost's app model (built, not started).
    private static async Task<Dictionary<string, int>> AppHostReplicaCountsAsync()
    {
        await using var app = await BuildAppHostAsync();
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        return new[] { "api", "worker", "migrations" }.ToDictionary(
            name => name,
            name => model.Resources.Single(r => r.Name == name).TryGetLastAnnotation<ReplicaAnnotation>(out var replicas) ? replicas.Replicas : 1);
    }

    // ExcludeFromManifest marks the resource in every mode, so the run-mode model says what publishing leaves out.
    private static async Task<IReadOnlyList<string>> ExcludedFromManifestAsync()
    {
        await using var app = await BuildAppHostAsync();
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        return [.. model.Resources
            .Where(r => r.TryGetLastAnnotation<ManifestPublishingCallbackAnnotation>(out var publishing) && publishing == ManifestPublishingCallbackAnnotation.Ignore)
            .Select(r => r.Name)];
    }

    private static async Task<DistributedApplication> BuildAppHostAsync()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("aspire-budget-").FullName;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--Infrastructure:Runtime=processes", $"--Infrastructure:DataDirectory={dataDirectory}"],
            (options, _) => options.DisableDashboard = true,
            TestContext.Current.CancellationToken);
        return await builder.BuildAsync(TestContext.Current.CancellationToken);
    }

    // The one max_connections a start script passes to postgres.
    private static int MaxConnections(string relativePath) => MaxConnectionsIn(File.ReadAllText(RepositoryRoot.Combine(relativePath.Split('/'))), relativePath);

    // The max_connections the Azure module sets on a published server (AppHost/Azure/*.bicep, compiled).
    private static int PublishedMaxConnections(string resource) =>
        BicepModuleTests.MaxConnections(resource == "postgres" ? "postgres-flexible-server.bicep" : "postgres-read-replica.bicep");

    private static int MaxConnectionsIn(string text, string where)
    {
        var settings = MaxConnectionsSetting().Matches(text);
        Assert.True(settings.Count == 1, $"{where}: expected one '-c max_connections=N', found {settings.Count}");
        return int.Parse(settings[0].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"-c max_connections=(\d+)")]
    private static partial Regex MaxConnectionsSetting();
}
