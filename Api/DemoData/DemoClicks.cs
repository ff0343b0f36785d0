using System.Security.Cryptography;
using Messaging.Clicks;

namespace Api.DemoData;

// Made-up clicks for a demo link over the last 30 days, more of them recently, with a few referrer
// hosts and mostly browsers. The visitor hashes are random values of the real ones' shape: no address is behind them.
// Each visitor keeps one user agent class, as a real hash (which covers the user agent) does, so a visitor is a bot
// or not and the Worker's bot visitor counts match its bot clicks.
public static class DemoClicks
{
    public const int MinimumPerLink = 10;
    public const int MaximumPerLink = 120;

    // Inside the link page's "last 30 days" chart (from midnight 29 days ago) at any time of day.
    public static readonly TimeSpan Span = TimeSpan.FromDays(29);

    private static readonly string?[] Referrers = [null, null, "news.ycombinator.com", "www.reddit.com", "t.co", "www.google.com", "github.com", "www.linkedin.com"];

    public static IReadOnlyList<ClickEvent> For(string code, DateTimeOffset now)
    {
        var count = Random.Shared.Next(MinimumPerLink, MaximumPerLink + 1);
        var visitors = Enumerable.Range(0, Math.Max(1, count * 2 / 3))
            .Select(_ => (Hash: Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), Agent: AgentClass(Random.Shared.Next(100))))
            .ToArray();
        var clicks = new ClickEvent[count];
        for (var i = 0; i < count; i++)
        {
            // A power above 1 packs the clicks towards now: about one in eight lands in the last day.
            var at = now - Span * Math.Pow(Random.Shared.NextDouble(), 1.6);
            var visitor = visitors[Random.Shared.Next(visitors.Length)];
            clicks[i] = new ClickEvent(
                Guid.CreateVersion7(at),
                code,
                at,
                Referrers[Random.Shared.Next(Referrers.Length)],
                visitor.Agent,
                visitor.Hash);
        }
        return clicks;
    }

    private static string AgentClass(int percentile) => percentile switch
    {
        < 80 => UserAgentClasses.Browser,
        < 92 => UserAgentClasses.Bot,
        _ => UserAgentClasses.Unknown,
    };
}
