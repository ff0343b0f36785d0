using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ReadRouting;

public static class ReadRoutingExtensions
{
    // The primary ("links") and the replica ("links-replica", keyed), both through Aspire.Npgsql, and
    // the LinksDatabase that routes between them.
    public static IHostApplicationBuilder AddLinksDatabase(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource(LinksDatabase.PrimaryName);
        // No health check on the replica: while it is down reads go to the primary, so a replica
        // outage must not mark every api replica unhealthy and take them all out of the balancer.
        builder.AddKeyedNpgsqlDataSource(LinksDatabase.ReplicaName, settings => settings.DisableHealthChecks = true);
        builder.Services.AddOptions<ReadRoutingOptions>().BindConfiguration(ReadRoutingOptions.SectionName);
        builder.Services.AddSingleton<ReadRoutingMetrics>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<LinksDatabase>();
        return builder;
    }
}
