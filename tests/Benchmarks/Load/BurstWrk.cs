namespace Benchmarks.Load;

// Runs wrk with burst.lua, which counts each status it was answered, each 302 with a wrong Location, and
// each 503 that said the database was out of connections.
public static class BurstWrk
{
    public static async Task<BurstWrkResult> RunAsync(BurstLoad load, CancellationToken cancellationToken)
    {
        var request = load.Request switch
        {
            BurstRequest.Get => "get",
            BurstRequest.CreateLink => "create-link",
            BurstRequest.Register => "register",
            _ => throw new ArgumentOutOfRangeException(nameof(load), load.Request, "Unknown burst request."),
        };
        var json = await Wrk.RunScriptAsync("burst.lua", load.Target, load.Connections, load.Duration,
            [request, load.PathsFile ?? "-", load.AuthorizationFile ?? "-", load.LocationPattern ?? "-", load.Tag],
            cancellationToken);
        var counts = Wrk.Deserialize<Counts>(json);
        return new BurstWrkResult(Wrk.Deserialize<WrkResult>(json), counts.StatusCounts, counts.WrongLocations, counts.DatabaseBusy);
    }

    private sealed record Counts(Dictionary<int, long> StatusCounts, long WrongLocations, long DatabaseBusy);
}
