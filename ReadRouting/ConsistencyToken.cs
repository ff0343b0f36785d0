using System.Diagnostics.CodeAnalysis;
using NpgsqlTypes;

namespace ReadRouting;

// A position in the primary's WAL, read after a write committed. A replica that has replayed up to
// it has seen that write. Clients get it in a response header and send it back with later reads.
public readonly record struct ConsistencyToken(NpgsqlLogSequenceNumber Position) : IComparable<ConsistencyToken>
{
    // The same token on a RabbitMQ message, for a consumer that reads what the sender wrote.
    public const string MessageHeaderName = "consistency-token";

    public static bool TryParse([NotNullWhen(true)] string? text, out ConsistencyToken token)
    {
        token = default;
        if (string.IsNullOrEmpty(text) || text.Length > 17 || !NpgsqlLogSequenceNumber.TryParse(text, out var position))
        {
            return false;
        }
        token = new ConsistencyToken(position);
        return true;
    }

    // Fixed-width hex, so that comparing two as strings (in a Redis script) compares the positions.
    public string ToSortableString() => ((ulong)Position).ToString("X16", System.Globalization.CultureInfo.InvariantCulture);

    public static ConsistencyToken FromSortableString(string text) =>
        new(new NpgsqlLogSequenceNumber(ulong.Parse(text, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture)));

    public static ConsistencyToken Latest(ConsistencyToken? a, ConsistencyToken b) => a is { } known && known.CompareTo(b) > 0 ? known : b;

    public int CompareTo(ConsistencyToken other) => Position.CompareTo(other.Position);

    public override string ToString() => Position.ToString();
}
