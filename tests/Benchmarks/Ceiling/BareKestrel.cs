using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Benchmarks.Ceiling;

// The ceiling every redirect figure is divided by: Kestrel answering 302 to any path, with nothing
// else (no routing, no logging, no cache, no database, no proxy). Built and run by the harness in the
// same configuration and under the same wrk load as the redirects.
public sealed class BareKestrel : IAsyncDisposable
{
    private readonly WebApplication app;

    private BareKestrel(WebApplication app, Uri url)
    {
        this.app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<BareKestrel> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = "https://example.com/";
            return Task.CompletedTask;
        });
        await app.StartAsync(cancellationToken);
        return new BareKestrel(app, new Uri(app.Urls.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
