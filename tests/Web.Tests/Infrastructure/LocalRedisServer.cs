using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Web.Tests.Infrastructure;

// A real Redis for a test: Debian's redis-server on a free loopback port, nothing saved, stopped with the test class.
public sealed class LocalRedisServer : IAsyncLifetime
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(20);
    private Process? server;

    public string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var port = FreePort();
        server = Process.Start(new ProcessStartInfo("redis-server", $"--port {port} --bind 127.0.0.1 --save \"\" --appendonly no")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("redis-server did not start.");
        server.OutputDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        ConnectionString = $"127.0.0.1:{port},abortConnect=false";

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var probe = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},connectTimeout=500");
                await probe.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException) when (deadline.Elapsed < StartLimit && !server.HasExited)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        if (server is { HasExited: false })
        {
            server.Kill();
            server.WaitForExit();
        }
        server?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
