using System.Text.Json;

namespace Messaging.Imports;

// Only the id: the file itself is in Postgres, where the Worker reads it.
public sealed record ImportRequested(Guid ImportId)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static ImportRequested? FromJson(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize<ImportRequested>(body, Json) is { ImportId: var id } request && id != Guid.Empty ? request : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
