using ReadRouting;

namespace Api.Imports;

// An upload stored (with its commit's consistency token) or refused by its owner's quota (why, and when to try again).
public sealed record ImportAdmission(ConsistencyToken? Position, string? Refusal, TimeSpan RetryAfter)
{
    public static ImportAdmission Stored(ConsistencyToken position) => new(position, null, TimeSpan.Zero);

    public static ImportAdmission Refused(string refusal, TimeSpan retryAfter) => new(null, refusal, retryAfter);
}
