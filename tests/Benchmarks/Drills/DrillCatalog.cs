using Benchmarks.Stack;

namespace Benchmarks.Drills;

// The drills of issue 9, in order. None of their targets is the only path of a redirect (two api
// replicas remain when one is killed; Redis and the replica have Postgres fallbacks; RabbitMQ and the
// Workers are off the redirect path), so every drill expects no failed redirect.
public static class DrillCatalog
{
    private const string Exactly = "recorded == confirmed and zero duplicates";

    public static IReadOnlyList<Drill> Create(BenchmarkStack stack, ClickLedger ledger, DrillTiming timing)
    {
        var killedReplica = "";
        IReadOnlyList<string> workers = [];
        string Server(string name) => stack.Stack.ResourceIdOf(name);

        return
        [
            new Drill(
                "kill -9 one api replica",
                "one api replica (and its `dotnet run` parent) killed with SIGKILL, started again after the hold",
                "No failed redirect: two replicas remain behind the proxy and the client's retries take the broken connections to them. Zero duplicates. " +
                "recorded == confirmed except the killed replica's in-process click buffer, the documented loss window of a hard kill (up to Clicks:BufferCapacity, 10,000 events; in practice what it had not yet published): measured here as lost = confirmed − recorded.",
                LossWindowExpected: true,
                timing.ShortHold,
                async (_, cancellationToken) =>
                {
                    killedReplica = stack.Instances("api")[0];
                    await stack.KillAsync(killedReplica, cancellationToken);
                    return $"killed {killedReplica}";
                },
                cancellationToken => stack.StartAsync(killedReplica, cancellationToken)),
            new Drill(
                "stop the Worker for 30 s",
                "every Worker instance killed with SIGKILL (not the dashboard's Stop, see the report's notes), started again after the hold",
                $"No failed redirect: the redirect never waits for the Worker; the clicks queue holds the backlog, which the Workers store once they are back: {Exactly}.",
                LossWindowExpected: false,
                timing.Outage,
                async (_, cancellationToken) =>
                {
                    workers = stack.Instances("worker");
                    foreach (var worker in workers)
                    {
                        await stack.KillAsync(worker, cancellationToken);
                    }
                    return $"killed {string.Join(", ", workers)}";
                },
                async cancellationToken =>
                {
                    foreach (var worker in workers)
                    {
                        await stack.StartAsync(worker, cancellationToken);
                    }
                }),
            new Drill(
                "restart RabbitMQ",
                "`messaging` stopped with the dashboard's Stop and started again at once",
                $"No failed redirect: the redirect only puts the click in its replica's buffer; each replica keeps what the broker did not confirm and sends it again: {Exactly} (a batch sent twice is stored once, by event id).",
                LossWindowExpected: false,
                TimeSpan.Zero,
                async (_, cancellationToken) =>
                {
                    await stack.StopAsync(Server("messaging"), cancellationToken);
                    return null;
                },
                cancellationToken => stack.StartAsync(Server("messaging"), cancellationToken)),
            new Drill(
                "stop Redis for 30 s",
                "`cache` stopped with the dashboard's Stop, started again after the hold",
                $"No failed redirect: a redirect that cannot reach Redis reads the link from Postgres; clicks do not touch Redis: {Exactly}.",
                LossWindowExpected: false,
                timing.Outage,
                async (_, cancellationToken) =>
                {
                    await stack.StopAsync(Server("cache"), cancellationToken);
                    return null;
                },
                cancellationToken => stack.StartAsync(Server("cache"), cancellationToken)),
            new Drill(
                "stop the replica for 30 s",
                "`postgres-replica` stopped with the dashboard's Stop, started again after the hold",
                $"No failed redirect: the drill's code is in Redis, and a miss falls back to the primary; clicks are written to the primary: {Exactly}.",
                LossWindowExpected: false,
                timing.Outage,
                async (_, cancellationToken) =>
                {
                    await stack.StopAsync(Server("postgres-replica"), cancellationToken);
                    return null;
                },
                cancellationToken => stack.StartAsync(Server("postgres-replica"), cancellationToken)),
            new Drill(
                "kill -9 the Worker mid-batch",
                "every Worker killed with SIGKILL while the load builds a backlog, started, killed again as soon as they had stored the first of the backlog or 0.5 s after a consumer attached, whichever came first, started again after the hold",
                $"No failed redirect; the messages the killed Workers had taken but not acknowledged are delivered again and stored once (event ids already stored are skipped): {Exactly}.",
                LossWindowExpected: false,
                timing.ShortHold,
                async (target, cancellationToken) =>
                {
                    workers = stack.Instances("worker");
                    return await WorkerMidBatchKill.RunAsync(stack, ledger, workers, target, timing.Backlog, cancellationToken);
                },
                async cancellationToken =>
                {
                    foreach (var worker in workers)
                    {
                        await stack.StartAsync(worker, cancellationToken);
                    }
                }),
        ];
    }
}
