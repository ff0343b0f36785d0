using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ReadRouting;

public static class ReadRoutingExtensions
{
    // The primary ("links") and the replica ("links-replica", keyed), both through Aspire.Npgsql, and
    // the LinksDatabase that routes between them. Each pool is capped by ConnectionPools (the connection budget).
    public static IHostApplicationBuilder AddLinksDatabase(this IHostApplicationBuilder builder)
    {
        var pools = builder.Configuration.GetSection(ConnectionPoolOptions.SectionName).Get<ConnectionPoolOptions>() ?? new ConnectionPoolOptions();
        builder.AddNpgsqlDataSource(LinksDatabase.PrimaryName, configureDataSourceBuilder: dataSource =>
        {
            dataSource.ConnectionStringBuilder.MaxPoolSize = pools.PrimaryMaximumSize;
            dataSource.ConnectionStringBuilder.Timeout = (int)Math.Ceiling(pools.PrimaryPoolWait.TotalSeconds);
            dataSource.MarkSpans(replica: false);
        });
        // No health check on the replica: while it is down reads go to the primary, so a replica
        // outage must not mark every api replica unhealthy and take them all out of the balancer.
        // A hung replica (frozen, partitioned) must not hold a read for Npgsql's default 30 s: its
        // commands time out quickly and the read is served by the primary.
        var routing = builder.Configuration.GetSection(ReadRoutingOptions.SectionName).Get<ReadRoutingOptions>() ?? new ReadRoutingOptions();
        builder.AddKeyedNpgsqlDataSource(
            LinksDatabase.ReplicaName,
            settings => settings.DisableHealthChecks = true,
            dataSource =>
            {
                // Opening must give up by itself too: a cancelled open still waits for the server's answer.
                dataSource.ConnectionStringBuilder.Timeout = (int)Math.Ceiling(routing.ReplicaOpenTimeout.TotalSeconds);
                dataSource.ConnectionStringBuilder.MaxPoolSize = pools.ReplicaMaximumSize;
                dataSource.ConnectionStringBuilder.CommandTimeout = (int)Math.Ceiling(routing.ReplicaCommandTimeout.TotalSeconds);
                dataSource.ConnectionStringBuilder.CancellationTimeout = 500;
                dataSource.MarkSpans(replica: true);
            });
        builder.Services.AddOptions<ReadRoutingOptions>().BindConfiguration(ReadRoutingOptions.SectionName);
        builder.Services.AddSingleton<ReadRoutingMetrics>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ReplicaIdentityMonitor>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ReplicaIdentityMonitor>());
        builder.Services.AddSingleton<LinksDatabase>();
        return builder;
    }

    // Both servers are "postgresql" on "links": this attribute says on every database span which one answered.
    private static void MarkSpans(this Npgsql.NpgsqlDataSourceBuilder dataSource, bool replica) =>
        dataSource.ConfigureTracing(tracing => tracing
            .ConfigureCommandEnrichmentCallback((span, _) => span.SetTag(LinksDatabase.ReplicaAttribute, replica))
            .ConfigureBatchEnrichmentCallback((span, _) => span.SetTag(LinksDatabase.ReplicaAttribute, replica)));
}
