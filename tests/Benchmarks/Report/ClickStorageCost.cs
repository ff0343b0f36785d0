using Benchmarks.Stack;

namespace Benchmarks.Report;

// CPU microseconds RabbitMQ, the Worker and both Postgres servers spent per click a redirect scenario
// recorded: their cost per request divided by the clicks per request (a GET answered 302 records one
// click; a HEAD or a 404 none), as the api replicas counted the outcomes. Only the scenario's window is
// measured: clicks the Worker stores after it are not in the figure, so it is low when the queue grew.
public static class ClickStorageCost
{
    public static double? PerClick(IReadOnlyList<RequestCost> costs, string method, RedirectCounts? outcomes)
    {
        if (method != "GET" || outcomes is not { Total: > 0 })
        {
            return null;
        }
        var clicksPerRequest = (double)(outcomes.Hit + outcomes.Miss) / outcomes.Total;
        if (clicksPerRequest <= 0 || costs.Count == 0)
        {
            return null;
        }
        var perRequest = costs.Where(c => RequestCost.ClickStorageGroups.Contains(c.Group)).Sum(c => c.MicrosecondsPerRequest);
        return Math.Round(perRequest / clicksPerRequest, 2);
    }
}
