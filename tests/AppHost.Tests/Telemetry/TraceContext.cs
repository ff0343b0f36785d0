using System.Diagnostics;

namespace AppHost.Tests.Telemetry;

// A W3C traceparent of the test's own, sent with a request so the test knows which trace to read back.
public sealed record TraceContext(string TraceId)
{
    public static TraceContext New() => new(ActivityTraceId.CreateRandom().ToHexString());

    public HttpRequestMessage Attach(HttpRequestMessage request)
    {
        request.Headers.Add("traceparent", $"00-{TraceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        return request;
    }
}
