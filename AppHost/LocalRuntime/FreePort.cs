using System.Net;
using System.Net.Sockets;

namespace AppHost.LocalRuntime;

// A port the operating system has just handed out, for the ports a server needs that no client uses
// (RabbitMQ's Erlang distribution and port mapper), so two stacks on one machine never share one.
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
