using System.Net.Http.Json;
using System.Text.Json;

namespace AppHost.Tests.Infrastructure;

// Reads what the services sent the dashboard, through its telemetry HTTP API (OTLP JSON).
public sealed class DashboardTelemetry(Uri dashboard) : IDisposable
{
    private readonly HttpClient client = new() { BaseAddress = dashboard };

    // Every span of one trace, from every service; empty while the dashboard has none of it.
    public async Task<IReadOnlyList<TelemetrySpan>> TraceAsync(string traceId, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync($"/api/telemetry/traces/{traceId}", cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return [];
        }
        response.EnsureSuccessStatusCode();
        return TelemetrySpan.Read(await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken));
    }

    // The newest spans the dashboard holds, from every service.
    public async Task<IReadOnlyList<TelemetrySpan>> SpansAsync(int limit, CancellationToken cancellationToken)
    {
        var body = await client.GetFromJsonAsync<JsonElement>($"/api/telemetry/spans?limit={limit}", cancellationToken);
        return TelemetrySpan.Read(body);
    }

    // The newest structured log records, as raw OTLP JSON text (for scanning).
    public Task<string> LogsJsonAsync(int limit, CancellationToken cancellationToken) =>
        client.GetStringAsync($"/api/telemetry/logs?limit={limit}", cancellationToken);

    // Every service instance that sent the dashboard anything, e.g. "api-fnxarfke".
    public async Task<IReadOnlyList<string>> ResourcesAsync(CancellationToken cancellationToken)
    {
        var body = await client.GetFromJsonAsync<JsonElement>("/api/telemetry/resources", cancellationToken);
        return [.. body.EnumerateArray().Select(r => r.GetProperty("displayName").GetString()!)];
    }

    public void Dispose() => client.Dispose();
}

// One span, flattened out of OTLP JSON: its service, scope and attributes as text, and the spans it links to.
public sealed record TelemetrySpan(
    string Service, string Scope, string TraceId, string SpanId, string? ParentSpanId, string Name, int Kind,
    DateTimeOffset StartedAt, IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<SpanLink> Links)
{
    public const int Server = 2, Client = 3, Producer = 4, Consumer = 5;

    public string? Attribute(string key) => Attributes.TryGetValue(key, out var value) ? value : null;

    public static IReadOnlyList<TelemetrySpan> Read(JsonElement body)
    {
        var spans = new List<TelemetrySpan>();
        if (!body.TryGetProperty("data", out var data) || !data.TryGetProperty("resourceSpans", out var resourceSpans))
        {
            return spans;
        }
        foreach (var resource in resourceSpans.EnumerateArray())
        {
            var service = ReadAttributes(resource.GetProperty("resource"))["service.name"];
            foreach (var scope in resource.GetProperty("scopeSpans").EnumerateArray())
            {
                var scopeName = scope.GetProperty("scope").GetProperty("name").GetString()!;
                foreach (var span in scope.GetProperty("spans").EnumerateArray())
                {
                    spans.Add(new TelemetrySpan(
                        service, scopeName,
                        span.GetProperty("traceId").GetString()!,
                        span.GetProperty("spanId").GetString()!,
                        span.TryGetProperty("parentSpanId", out var parent) && parent.GetString() is { Length: > 0 } parentId ? parentId : null,
                        span.GetProperty("name").GetString()!,
                        span.TryGetProperty("kind", out var kind) ? kind.GetInt32() : 0,
                        DateTimeOffset.UnixEpoch.AddTicks(long.Parse(span.GetProperty("startTimeUnixNano").GetString()!, System.Globalization.CultureInfo.InvariantCulture) / 100),
                        ReadAttributes(span),
                        ReadLinks(span)));
                }
            }
        }
        return spans;
    }

    private static List<SpanLink> ReadLinks(JsonElement span) =>
        span.TryGetProperty("links", out var links) && links.ValueKind == JsonValueKind.Array
            ? [.. links.EnumerateArray().Select(link => new SpanLink(link.GetProperty("traceId").GetString()!, link.GetProperty("spanId").GetString()!))]
            : [];

    private static Dictionary<string, string> ReadAttributes(JsonElement owner)
    {
        var attributes = new Dictionary<string, string>();
        if (owner.TryGetProperty("attributes", out var list))
        {
            foreach (var attribute in list.EnumerateArray())
            {
                var value = attribute.GetProperty("value").EnumerateObject().FirstOrDefault();
                attributes[attribute.GetProperty("key").GetString()!] = value.Value.ValueKind == JsonValueKind.String ? value.Value.GetString()! : value.Value.GetRawText();
            }
        }
        return attributes;
    }
}

// A span link: the trace and span another span points to.
public sealed record SpanLink(string TraceId, string SpanId);
