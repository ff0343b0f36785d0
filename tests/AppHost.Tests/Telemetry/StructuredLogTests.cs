using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AppHost.Tests.Infrastructure;
using RabbitMQ.Client;

namespace AppHost.Tests.Telemetry;

// Logs are structured records that carry the trace and span they were written in, so the dashboard
// joins a log line to its trace.
[Collection(DashboardTelemetryCollection.Name)]
public sealed class StructuredLogTests(TelemetryStack telemetry)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_Worker_warning_written_while_handling_a_message_carries_the_messages_trace_span_and_named_values()
    {
        var stack = telemetry.Stack;
        var traceId = ActivityTraceId.CreateRandom().ToHexString();

        // Not an import request: the Worker logs a warning while handling it, then dead-letters it.
        var factory = new ConnectionFactory { Uri = new Uri(stack.ConnectionString("messaging")) };
        await using (var connection = await factory.CreateConnectionAsync(Cancellation))
        await using (var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), Cancellation))
        {
            var properties = new BasicProperties
            {
                Persistent = true,
                Headers = new Dictionary<string, object?> { ["traceparent"] = $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01" },
            };
            await channel.BasicPublishAsync("imports", "import", mandatory: true, properties, Encoding.UTF8.GetBytes("not an import request"), Cancellation);
        }

        using var dashboard = new HttpClient { BaseAddress = telemetry.Dashboard };
        var record = await Eventually.HoldsAsync(
            async () => LogRecords(await dashboard.GetFromJsonAsync<JsonElement>($"/api/telemetry/logs?traceId={traceId}", Cancellation))
                .FirstOrDefault(r => r.GetProperty("body").GetProperty("stringValue").GetString()?.Contains("is not an import request", StringComparison.Ordinal) == true),
            r => r.ValueKind != JsonValueKind.Undefined, Timeout, "the Worker's warning in the dashboard's logs");

        Assert.Equal(traceId, record.GetProperty("traceId").GetString());
        Assert.Matches("^[0-9a-f]{16}$", record.GetProperty("spanId").GetString());
        var severity = record.TryGetProperty("severityNumber", out var number) ? number.GetInt32() : 0;
        Assert.True(severity is >= 13 and <= 16, $"severity {severity} is not WARN (13 to 16)");
        var attributes = record.GetProperty("attributes").EnumerateArray()
            .ToDictionary(a => a.GetProperty("key").GetString()!, a => a.GetProperty("value").EnumerateObject().First().Value.ToString());
        Assert.Equal("imports", attributes["Queue"]);
    }

    private static IEnumerable<JsonElement> LogRecords(JsonElement body) =>
        body.TryGetProperty("data", out var data) && data.TryGetProperty("resourceLogs", out var resourceLogs)
            ? resourceLogs.EnumerateArray().SelectMany(r => r.GetProperty("scopeLogs").EnumerateArray()).SelectMany(s => s.GetProperty("logRecords").EnumerateArray())
            : [];
}
