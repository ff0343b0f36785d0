namespace Api.Replication;

// How far the replica is behind the primary, as last sampled. State: streaming, paused (replay
// paused on the replica), down (the replica could not be asked), or unknown (not sampled yet).
// LagSeconds is null when the replica has not replayed a transaction since it started.
public sealed record ReplicationStatus(string State, long? LagBytes, double? LagSeconds, DateTimeOffset? SampledAt)
{
    public static ReplicationStatus Unknown { get; } = new("unknown", null, null, null);
}
