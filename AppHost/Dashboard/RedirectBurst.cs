using System.Net;

namespace AppHost.Dashboard;

// A short, bounded run of redirects against the api, so its metrics and the click pipeline move on demand.
// Each request goes on a fresh connection: the orchestrator's proxy in front of the replicas balances
// connections, not requests. Redirects are counted, not followed. An api that does not answer ends
// the burst after a few failures instead of costing a timeout for every request left.
public static class RedirectBurst
{
    public const int Concurrency = 8;
    public const int FailuresBeforeStopping = 20;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    public static async Task<RedirectBurstResult> SendAsync(Uri api, IReadOnlyList<string> codes, int requests, CancellationToken cancellationToken)
    {
        int redirected = 0, notFound = 0, failed = 0, next = -1;
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = api, Timeout = RequestTimeout };

        async Task SendSomeAsync()
        {
            for (var i = Interlocked.Increment(ref next); i < requests && Volatile.Read(ref failed) < FailuresBeforeStopping; i = Interlocked.Increment(ref next))
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/" + Uri.EscapeDataString(codes[i % codes.Count]));
                request.Headers.ConnectionClose = true;
                try
                {
                    using var response = await client.SendAsync(request, cancellationToken);
                    _ = response.StatusCode switch
                    {
                        HttpStatusCode.Found => Interlocked.Increment(ref redirected),
                        HttpStatusCode.NotFound => Interlocked.Increment(ref notFound),
                        _ => Interlocked.Increment(ref failed),
                    };
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => SendSomeAsync()));
        return new RedirectBurstResult(requests, redirected, notFound, failed);
    }
}

public sealed record RedirectBurstResult(int Requested, int Redirected, int NotFound, int Failed)
{
    public int Sent => Redirected + NotFound + Failed;

    public override string ToString() =>
        $"{Sent} sent: {Redirected} redirected, {NotFound} not found, {Failed} failed"
        + (Sent < Requested ? $"; stopped after {Failed} failures, {Requested - Sent} not sent" : "");
}
