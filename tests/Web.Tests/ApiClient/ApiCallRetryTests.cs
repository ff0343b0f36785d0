using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Web.Accounts;
using Web.ApiClient;
using Web.Tests.Infrastructure;

namespace Web.Tests.ApiClient;

// The Web's calls to the api go through ServiceDefaults' standard resilience handler, built here exactly as the Web
// builds it, against a real socket that accepts requests and never answers. A POST whose attempt timed out may
// have run on the api (a link created), so it is never sent again; a GET is, which shows the server sees retries.
public sealed class ApiCallRetryTests
{
    private static readonly SignedInUser User = new(Guid.NewGuid(), "someone@example.com", "not-checked-by-this-server");
    private static CancellationToken Cancellation => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_create_link_call_that_times_out_is_sent_once()
    {
        await using var api = new SilentServer();
        using var web = WebServices(api.Address);

        var result = await web.Services.GetRequiredService<LinksApi>().CreateLinkAsync(User, "https://example.com/timed-out", null, Cancellation);

        Assert.Same(ApiProblem.Unreachable, result.Problem);
        Assert.Equal(["POST /api/links HTTP/1.1"], api.RequestLines);
    }

    [Fact]
    public async Task A_read_that_times_out_is_sent_again()
    {
        await using var api = new SilentServer();
        using var web = WebServices(api.Address);

        var result = await web.Services.GetRequiredService<LinksApi>().GetLinkAsync(User, "abc123", Cancellation);

        Assert.Same(ApiProblem.Unreachable, result.Problem);
        Assert.True(api.RequestLines.Count >= 2, $"{api.RequestLines.Count} attempts: {string.Join(", ", api.RequestLines)}");
        Assert.All(api.RequestLines, line => Assert.Equal("GET /api/links/abc123 HTTP/1.1", line));
    }

    private static IHost WebServices(Uri api)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["services:api:http:0"] = api.ToString();
        builder.AddServiceDefaults();
        builder.AddApiClient();
        builder.Services.AddSingleton(UnreachableRedis.Instance);
        return builder.Build();
    }

    // Accepts connections and reads each request's first line, and never answers, so every attempt times out.
    private sealed class SilentServer : IAsyncDisposable
    {
        private readonly TcpListener listener = new(System.Net.IPAddress.Loopback, 0);
        private readonly CancellationTokenSource stop = new();
        private readonly List<TcpClient> connections = [];
        private readonly List<string> requestLines = [];
        private readonly Task accepting;

        public SilentServer()
        {
            listener.Start();
            accepting = AcceptAsync();
        }

        public Uri Address => new($"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}");

        public IReadOnlyList<string> RequestLines
        {
            get
            {
                lock (requestLines)
                {
                    return [.. requestLines];
                }
            }
        }

        private async Task AcceptAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient connection;
                try
                {
                    connection = await listener.AcceptTcpClientAsync(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                lock (requestLines)
                {
                    connections.Add(connection);
                }
                _ = ReadRequestLineAsync(connection);
            }
        }

        private async Task ReadRequestLineAsync(TcpClient connection)
        {
            try
            {
                // Left open: the attempt must time out, not see the connection closed.
                using var reader = new StreamReader(connection.GetStream(), leaveOpen: true);
                if (await reader.ReadLineAsync(stop.Token) is { } line)
                {
                    lock (requestLines)
                    {
                        requestLines.Add(line);
                    }
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The client gave up on the attempt or the test ended.
            }
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            listener.Stop();
            await accepting;
            lock (requestLines)
            {
                connections.ForEach(c => c.Dispose());
            }
            stop.Dispose();
        }
    }
}
