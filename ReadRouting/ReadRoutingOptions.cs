namespace ReadRouting;

public sealed class ReadRoutingOptions
{
    public const string SectionName = "ReadRouting";

    // How long a read with a consistency token waits for the replica to replay it before it reads the primary.
    public TimeSpan TokenWaitBudget { get; set; } = TimeSpan.FromMilliseconds(200);

    // How often the replica's replay position is asked for while waiting.
    public TimeSpan TokenPollInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    // Opening a replica connection longer than this counts as the replica being down. A read waits as long at most for
    // one of the pool's connections to be free, then answers 503 (ReplicaBusyException).
    public TimeSpan ReplicaOpenTimeout { get; set; } = TimeSpan.FromSeconds(1);

    // A command on the replica that takes longer than this fails, and the read goes to the primary (whole seconds).
    public TimeSpan ReplicaCommandTimeout { get; set; } = TimeSpan.FromSeconds(3);

    // After the replica failed, reads skip it for this long before one tries it again.
    public TimeSpan ReplicaBreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
