namespace ReadRouting;

// Where a read was served, and why when not by the replica. Reported in the X-Read-Source response
// header and as the "source" tag of the reads metric.
public enum ReadSource
{
    Replica,
    // The replica had not replayed the read's consistency token within the wait budget.
    PrimaryLag,
    // The replica could not be reached, failed the read, or is not a standby.
    PrimaryDown,
    // The replica answers as a standby, but of another cluster than the primary (ReplicaIdentityMonitor).
    PrimaryForeign,
    // The read could not name what it must see (no fence known), so only the primary is safe.
    Primary,
}

public static class ReadSourceNames
{
    public static string Name(this ReadSource source) => source switch
    {
        ReadSource.Replica => "replica",
        ReadSource.PrimaryLag => "primary-lag",
        ReadSource.PrimaryDown => "primary-down",
        ReadSource.PrimaryForeign => "primary-foreign",
        _ => "primary",
    };
}
