using System.Text.Json;

namespace Messaging.Clicks;

// Many click events in one message, as the Api publishes them: a JSON array of entries, each a click
// event and the W3C traceparent of the redirect that made it (so the Worker's write can link to it).
// The AMQP type property tells a batch ("click-batch") from a single-event message ("click", or none:
// older Api builds, dead-letter replays, tests); the Worker accepts both.
public static class ClickBatch
{
    public const string MessageType = "click-batch";
    public const string SingleEventMessageType = "click";

    public static byte[] ToJson(IReadOnlyList<ClickBatchEntry> entries) => JsonSerializer.SerializeToUtf8Bytes(entries, ClickEvent.Json);

    // Null when the body is not a JSON array. Each entry is read on its own: one that is not a complete
    // click event comes back with Click null and its raw JSON, so it alone can be dead-lettered.
    public static IReadOnlyList<ClickBatchItem>? FromJson(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Array ? [.. document.RootElement.EnumerateArray().Select(Read)] : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ClickBatchItem Read(JsonElement element)
    {
        try
        {
            var entry = element.Deserialize<ClickBatchEntry>(ClickEvent.Json);
            return new ClickBatchItem(ClickEvent.Complete(entry?.Click), entry?.TraceParent, element.GetRawText());
        }
        catch (JsonException)
        {
            return new ClickBatchItem(null, null, element.GetRawText());
        }
    }
}

// One entry of a batch message as published.
public sealed record ClickBatchEntry(ClickEvent Click, string? TraceParent);

// One entry of a batch message as read: Click is null when the entry is not a complete click event.
public sealed record ClickBatchItem(ClickEvent? Click, string? TraceParent, string RawJson);
