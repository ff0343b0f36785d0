namespace ApiContract;

// The Api's own HTTP headers.
public static class ContractHeaders
{
    // A write's answer carries the consistency token of its commit; a read that sends it back sees that write.
    public const string ConsistencyToken = "X-Consistency-Token";

    // Which server answered a read: replica, primary-lag, primary-down, primary-foreign, primary (or cache).
    public const string ReadSource = "X-Read-Source";

    // A script's API key (POST /api/keys), instead of a bearer token, on /api/links and /api/imports.
    public const string ApiKey = "X-Api-Key";

    // Which replica answered, on every response.
    public const string ServedBy = "X-Served-By";
}
