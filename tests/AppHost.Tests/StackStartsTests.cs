using AppHost.Tests.Infrastructure;
using Migrations;
using Npgsql;

namespace AppHost.Tests;

public sealed class StackStartsTests(SharedStack shared)
{
    [Fact]
    public void Every_service_is_running_and_healthy_and_the_migrations_finished()
    {
        var resources = shared.Stack.Resources;

        Assert.Contains(resources, r => r.Resource.Name == "cache");
        var migrations = Assert.Single(resources, r => r.Resource.Name == "migrations");
        Assert.Equal(KnownResourceStates.Finished, migrations.Snapshot.State?.Text);
        Assert.Equal(0, migrations.Snapshot.ExitCode);
        Assert.All(resources.Where(r => r != migrations), r => Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, r.Snapshot.HealthStatus));
    }

    [Fact]
    public async Task The_links_schema_holds_every_script_the_services_were_built_with()
    {
        await using var dataSource = NpgsqlDataSource.Create(shared.Stack.ConnectionString("links"));

        Assert.Empty(SchemaVersion.MissingScripts(dataSource));
    }
}
