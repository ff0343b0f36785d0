using Microsoft.Extensions.DependencyInjection;

namespace Benchmarks.Drills;

// The client the drills judge the stack by: an IHttpClientFactory client with the standard resilience
// handler, as a service in this solution would call the api, that does not follow redirects. It
// counts every attempt the handler makes, so retries that hid a fault show in the report.
public sealed class RedirectClient : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private readonly AttemptCounter attempts = new();

    public RedirectClient(Uri api)
    {
        var collection = new ServiceCollection();
        var builder = collection.AddHttpClient(nameof(RedirectClient), http => http.BaseAddress = api)
            // Connections are renewed every second so the proxy keeps spreading the load over every replica.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromSeconds(1) });
        builder.AddStandardResilienceHandler();
        builder.AddHttpMessageHandler(() => new CountingHandler(attempts));
        services = collection.BuildServiceProvider();
        Http = services.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(RedirectClient));
    }

    public HttpClient Http { get; }

    public long Attempts => attempts.Count;

    public ValueTask DisposeAsync()
    {
        Http.Dispose();
        return services.DisposeAsync();
    }

    private sealed class AttemptCounter
    {
        private long count;

        public long Count => Interlocked.Read(ref count);

        public void Add() => Interlocked.Increment(ref count);
    }

    // Registered after the resilience handler, so it sits inside it and sees each attempt.
    private sealed class CountingHandler(AttemptCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            counter.Add();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
