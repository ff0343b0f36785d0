using ReadRouting;

namespace Api.Replication;

// How far the replica is behind the primary, as last sampled. State: streaming, paused (replay
// paused on the replica), down (the replica could not be asked), not-a-standby-of-primary (its
// system identifier is not the primary's: reads go to the primary, Reason says why), or unknown
// (not sampled yet). LagSeconds is null when the replica has not replayed a transaction since it
// started. The system identifiers are strings: they are 64-bit, past what JSON numbers keep exactly.
public sealed record ReplicationStatus(
    string State, long? LagBytes, double? LagSeconds, DateTimeOffset? SampledAt,
    string? PrimarySystemIdentifier = null, string? ReplicaSystemIdentifier = null, string? Reason = null)
{
    public const string NotAStandbyOfPrimary = "not-a-standby-of-primary";

    public static ReplicationStatus Unknown { get; } = new("unknown", null, null, null);

    // The lag sample with what the identity check last saw; a foreign replica's lag means nothing.
    public ReplicationStatus With(ReplicaIdentity identity) => identity.RefusesReplica
        ? new(NotAStandbyOfPrimary, null, null, SampledAt, Text(identity.PrimarySystemIdentifier), Text(identity.ReplicaSystemIdentifier),
            "the replica's system identifier is not the primary's: it is a standby of another cluster (the primary's data was reset or restored), so reads go to the primary until it is cloned again")
        : this with { PrimarySystemIdentifier = Text(identity.PrimarySystemIdentifier), ReplicaSystemIdentifier = Text(identity.ReplicaSystemIdentifier) };

    private static string? Text(long? identifier) => identifier?.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
