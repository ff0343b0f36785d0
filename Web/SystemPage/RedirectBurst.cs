using System.Collections.Concurrent;
using System.Net;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Web.Accounts;
using Web.ApiClient;

namespace Web.SystemPage;

// The system page's "send a burst" button: a short, bounded run of redirects through the api, each on
// a fresh connection, because the balancer in front of the api replicas balances connections.
public sealed class RedirectBurst(IHttpClientFactory httpClientFactory, IServiceScopeFactory scopes)
{
    public const int Requests = 100;
    private const int Concurrency = 8;

    // Unknown codes exercise the not-found path and its negative cache when the visitor has no links.
    private static readonly string[] UnknownCodes = ["no-such-link-1", "no-such-link-2", "no-such-link-3"];

    public async Task<BurstResult> SendAsync(SignedInUser? user, CancellationToken cancellationToken)
    {
        var codes = await CodesToRequestAsync(user, cancellationToken);
        var servedBy = new ConcurrentQueue<string>();
        int redirected = 0, notFound = 0, failed = 0, next = -1;
        using var client = httpClientFactory.CreateClient(ApiHttpClient.RedirectsName);

        async Task SendSomeAsync()
        {
            for (var i = Interlocked.Increment(ref next); i < Requests; i = Interlocked.Increment(ref next))
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/" + Uri.EscapeDataString(codes[i % codes.Count]));
                request.Headers.ConnectionClose = true;
                try
                {
                    using var response = await client.SendAsync(request, cancellationToken);
                    if (response.Headers.TryGetValues("X-Served-By", out var replica))
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
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested
                    && exception is HttpRequestException or TaskCanceledException or TimeoutRejectedException or BrokenCircuitException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => SendSomeAsync()));
        return new BurstResult(Requests, redirected, notFound, failed, codes.SequenceEqual(UnknownCodes), [.. servedBy]);
    }

    private async Task<IReadOnlyList<string>> CodesToRequestAsync(SignedInUser? user, CancellationToken cancellationToken)
    {
        if (user is null)
        {
            return UnknownCodes;
        }
        await using var scope = scopes.CreateAsyncScope();
        var links = await scope.ServiceProvider.GetRequiredService<LinksApi>().ListLinksAsync(user, null, null, cancellationToken);
        return links.Value is { Items.Count: > 0 } page ? [.. page.Items.Select(link => link.Code)] : UnknownCodes;
    }
}

public sealed record BurstResult(int Sent, int Redirected, int NotFound, int Failed, bool UsedUnknownCodes, IReadOnlyList<string> ServedBy);
