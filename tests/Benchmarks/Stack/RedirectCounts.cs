using System.Net.Http.Json;
using System.Text.Json;

namespace Benchmarks.Stack;

// The redirect outcomes every api replica counted since it started (summed by GET /api/system/traffic).
public sealed record RedirectCounts(long Hit, long Miss, long NotFound)
{
    public long Total => Hit + Miss + NotFound;

    public RedirectCounts Minus(RedirectCounts earlier) => new(Hit - earlier.Hit, Miss - earlier.Miss, NotFound - earlier.NotFound);

    // Each replica reports its counts every second; wait until two reads a report apart agree.
    public static async Task<RedirectCounts> ReadSettledAsync(Uri api, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = api };
        RedirectCounts? previous = null;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var traffic = await client.GetFromJsonAsync<JsonElement>("/api/system/traffic", cancellationToken);
            var redirects = traffic.GetProperty("redirects");
            var current = new RedirectCounts(redirects.GetProperty("hit").GetInt64(), redirects.GetProperty("miss").GetInt64(), redirects.GetProperty("notFound").GetInt64());
            if (current == previous && traffic.GetProperty("complete").GetBoolean())
            {
                return current;
            }
            previous = current;
            await Task.Delay(TimeSpan.FromSeconds(1.2), cancellationToken);
        }
        throw new TimeoutException("The api replicas' redirect counts did not settle within 20 reads.");
    }
}
