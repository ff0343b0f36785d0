using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AppHost.Tests.Infrastructure;

// A web site of the test's own on 127.0.0.1, for short links to point at: a browser that follows a
// short link lands here, and the test sees which path it asked for.
public sealed class LoopbackTarget : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task serving;

    private LoopbackTarget(int port)
    {
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        listener.Prefixes.Add(BaseUrl.ToString());
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    public Uri BaseUrl { get; }

    public ConcurrentQueue<string> RequestedPaths { get; } = new();

    public static LoopbackTarget Start()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new LoopbackTarget(port);
    }

    public string Url(string path) => new Uri(BaseUrl, path).ToString();

    // Serves until disposed: the listener's stop ends the wait for the next request.
    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            var path = context.Request.Url?.AbsolutePath ?? "/";
            RequestedPaths.Enqueue(path);
            var body = Encoding.UTF8.GetBytes($"<!DOCTYPE html><html><head><title>Target reached</title></head><body><h1>Target {WebUtility.HtmlEncode(path)}</h1></body></html>");
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        serving.Wait(TimeSpan.FromSeconds(5));
    }
}
