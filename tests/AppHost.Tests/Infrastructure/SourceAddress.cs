using System.Net;
using System.Net.Sockets;

namespace AppHost.Tests.Infrastructure;

// A client on an address of its own in 127.0.0.0/8, so a test counts as its own client for per-address limits.
public static class SourceAddress
{
    public static IPAddress Random() =>
        IPAddress.Parse($"127.{System.Random.Shared.Next(1, 255)}.{System.Random.Shared.Next(0, 255)}.{System.Random.Shared.Next(2, 255)}");

    // Connects to loopback on the request's port from the given source address.
    public static SocketsHttpHandler Handler(IPAddress sourceAddress) => new()
    {
        AllowAutoRedirect = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(sourceAddress, 0));
                await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
