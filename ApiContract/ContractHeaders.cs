namespace ApiContract;

// The Api's own HTTP headers.
public static class ContractHeaders
{
    // A write's answer carries the consistency token of its commit; a read that sends it back sees that write.
    public const string ConsistencyToken = "X-Consistency-Token";

    // Which server answered a read: replica, primary-lag, primary-down, primary-foreign, primary (or cache).
    public const string ReadSource = "X-Read-Source";

    // Which replica answered, on every response.
    public const string ServedBy = "X-Served-By";
}
