using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ReadRouting;

// Samples both servers' system identifiers every second, so that read routing refuses a replica that
// streams from another cluster (a primary whose data was reset or restored keeps the old replica a
// hot standby of the old data). Reads check the last verdict only: one volatile read, no query.
public sealed class ReplicaIdentityMonitor(
    NpgsqlDataSource primary,
    [FromKeyedServices(LinksDatabase.ReplicaName)] NpgsqlDataSource replica,
    TimeProvider time,
    ILogger<ReplicaIdentityMonitor> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(1);
    private const string IdentityQuery = "SELECT system_identifier FROM pg_control_system()";

    private volatile ReplicaIdentity latest = ReplicaIdentity.Unverified;

    public ReplicaIdentity Latest => latest;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            using var untraced = UntracedPolling.Begin();
            Observe(await SampleAsync(stoppingToken));
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<ReplicaIdentity> SampleAsync(CancellationToken stoppingToken)
    {
        try
        {
            var replicaId = await SystemIdentifierAsync(replica, stoppingToken);
            var primaryId = await SystemIdentifierAsync(primary, stoppingToken);
            return latest.Next(primaryId, replicaId);
        }
        catch (PostgresException refused) when (refused.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.UndefinedFunction)
        {
            logger.LogDebug(refused, "pg_control_system() refused");
            return latest.NextUnverifiable();
        }
    }

    // Null when the server could not be asked in time.
    private async Task<long?> SystemIdentifierAsync(NpgsqlDataSource server, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(QueryTimeout);
        try
        {
            await using var connection = await server.OpenConnectionAsync(timeout.Token);
            await using var select = new NpgsqlCommand(IdentityQuery, connection);
            return (long)(await select.ExecuteScalarAsync(timeout.Token))!;
        }
        catch (Exception exception) when (exception is NpgsqlException and not PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.UndefinedFunction }
            or TimeoutException or OperationCanceledException && !stoppingToken.IsCancellationRequested)
        {
            logger.LogDebug(exception, "System identifier not sampled");
            return null;
        }
    }

    private void Observe(ReplicaIdentity next)
    {
        var previous = latest;
        latest = next;
        if (next.State == previous.State)
        {
            return;
        }
        switch (next.State)
        {
            case ReplicaIdentityState.Foreign:
                logger.LogWarning(
                    "Replica {Replica} (system {ReplicaSystemIdentifier}) is not a standby of the primary (system {PrimarySystemIdentifier}); reads go to the primary until it is cloned again",
                    LinksDatabase.ReplicaName, next.ReplicaSystemIdentifier, next.PrimarySystemIdentifier);
                break;
            case ReplicaIdentityState.Unverifiable:
                logger.LogWarning("pg_control_system() is refused to this role; replica {Replica} is used without checking that it is a standby of the primary", LinksDatabase.ReplicaName);
                break;
            case ReplicaIdentityState.Verified when previous.State == ReplicaIdentityState.Foreign:
                logger.LogInformation("Replica {Replica} is a standby of the primary again (system {SystemIdentifier}); reads return to it", LinksDatabase.ReplicaName, next.PrimarySystemIdentifier);
                break;
        }
    }
}
