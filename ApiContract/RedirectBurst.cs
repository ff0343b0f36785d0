using System.Collections.Concurrent;
using System.Net;

namespace ApiContract;

// A short, bounded run of redirects against the api, so its metrics and the click pipeline move on
// demand. Each request goes on a fresh connection: the balancer in front of the api replicas balances
// connections, not requests. Redirects are counted, not followed. With failuresBeforeStopping, an api
// that does not answer ends the burst after a few failures instead of costing a timeout for every
// request left.
public static class RedirectBurst
{
    public const int Concurrency = 8;

    // client: its BaseAddress is the api; it must not follow redirects.
    public static async Task<RedirectBurstResult> SendAsync(
        HttpClient client, IReadOnlyList<string> codes, int requests, int? failuresBeforeStopping, CancellationToken cancellationToken)
    {
        var servedBy = new ConcurrentQueue<string>();
        int redirected = 0, notFound = 0, failed = 0, next = -1;

        bool Stopped() => failuresBeforeStopping is { } limit && Volatile.Read(ref failed) >= limit;

        async Task SendSomeAsync()
        {
            for (var i = Interlocked.Increment(ref next); i < requests && !Stopped(); i = Interlocked.Increment(ref next))
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/" + Uri.EscapeDataString(codes[i % codes.Count]));
                request.Headers.ConnectionClose = true;
                try
                {
                    using var response = await client.SendAsync(request, cancellationToken);
                    if (response.Headers.TryGetValues(ContractHeaders.ServedBy, out var replica))
                    {
                        servedBy.Enqueue(replica.First());
                    }
                    _ = response.StatusCode switch
                    {
                        HttpStatusCode.Found => Interlocked.Increment(ref redirected),
                        HttpStatusCode.NotFound => Interlocked.Increment(ref notFound),
                        _ => Interlocked.Increment(ref failed),
                    };
                }
                // Whatever the client's handlers throw (connection refused, timeouts, an open circuit) is a failed request.
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => SendSomeAsync()));
        return new RedirectBurstResult(requests, redirected, notFound, failed, [.. servedBy]);
    }
}
