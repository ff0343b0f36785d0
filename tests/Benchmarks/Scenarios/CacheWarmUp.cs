using System.Net;

namespace Benchmarks.Scenarios;

// Requests every code the cache-hit load will ask for once, so that load measures hits, not the first fills.
public static class CacheWarmUp
{
    public static async Task RunAsync(Uri api, IReadOnlyList<string> codes, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = api, Timeout = TimeSpan.FromSeconds(10) };
        var failures = 0;
        await Parallel.ForEachAsync(codes, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (code, token) =>
        {
            using var response = await client.GetAsync("/" + code, token);
            if (response.StatusCode != HttpStatusCode.Found)
            {
                Interlocked.Increment(ref failures);
            }
        });
        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} of {codes.Count} warm-up redirects did not answer 302.");
        }
    }
}
