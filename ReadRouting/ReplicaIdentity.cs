namespace ReadRouting;

// Whether the replica is a standby of the current primary, from the servers' system identifiers
// (pg_control_system(): set by initdb, copied by pg_basebackup, new when a primary's data is reset).
public enum ReplicaIdentityState
{
    // Not sampled yet, or no sample has reached both servers yet: the replica is used as before.
    Unverified,
    // Both identifiers read and equal.
    Verified,
    // Both identifiers read and different, or unknown since they last were: reads go to the primary.
    Foreign,
    // A server refused pg_control_system() (a role without the default grant): only in_hot_standby is checked.
    Unverifiable,
}

public sealed record ReplicaIdentity(ReplicaIdentityState State, long? PrimarySystemIdentifier, long? ReplicaSystemIdentifier)
{
    public static ReplicaIdentity Unverified { get; } = new(ReplicaIdentityState.Unverified, null, null);

    public bool RefusesReplica => State == ReplicaIdentityState.Foreign;

    // The verdict after one sample; null for a server that could not be asked. A mismatch stays until
    // both identifiers are read equal again: a replica once found foreign is not trusted on silence.
    public ReplicaIdentity Next(long? primary, long? replica) => (primary, replica) switch
    {
        ({ } p, { } r) => new(p == r ? ReplicaIdentityState.Verified : ReplicaIdentityState.Foreign, p, r),
        _ => this,
    };

    // A server refused the identity query; a known mismatch still stands.
    public ReplicaIdentity NextUnverifiable() =>
        RefusesReplica ? this : new(ReplicaIdentityState.Unverifiable, null, null);
}
