using System.Net;
using System.Net.Sockets;

namespace AppHost.Tests.Infrastructure;

// The Aspire dashboard for a test stack, on free loopback ports of its own (its OTLP port too, so no
// other stack's services can send it their telemetry), open without sign-in, with its telemetry API.
// The orchestrator puts its proxy on the frontend's port: the address to browse is the resource's endpoint.
public sealed record TestDashboard(int FrontendPort, int OtlpPort, int ResourceServicePort)
{
    public const string ResourceName = "aspire-dashboard";

    public static TestDashboard OnFreePorts() => new(FreePort(), FreePort(), FreePort());

    public string[] Arguments =>
    [
        $"--ASPNETCORE_URLS=http://127.0.0.1:{FrontendPort}",
        $"--ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://127.0.0.1:{OtlpPort}",
        $"--ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://127.0.0.1:{ResourceServicePort}",
        "--ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
        "--ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true",
    ];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
