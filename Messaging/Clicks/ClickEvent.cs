using System.Text.Json;

namespace Messaging.Clicks;

// One followed short link. VisitorHash is a keyed, daily-salted hash: the raw client address never
// leaves the Api.
public sealed record ClickEvent(
    Guid EventId,
    string Code,
    DateTimeOffset OccurredAt,
    string? ReferrerHost,
    string UserAgentClass,
    string VisitorHash)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    // Null for a body that is not a complete click event.
    public static ClickEvent? FromJson(ReadOnlySpan<byte> body)
    {
        try
        {
            return Complete(JsonSerializer.Deserialize<ClickEvent>(body, Json));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static ClickEvent? Complete(ClickEvent? click) =>
        click is { EventId: var id, Code.Length: > 0 and <= 64, UserAgentClass: not null, VisitorHash: not null } && id != Guid.Empty ? click : null;
}
