using System.Globalization;
using StackExchange.Redis;

namespace Api.Traffic;

// Where the api replicas' traffic counts meet, so any replica can answer for all of them: in Redis, a
// hash per replica ("system:api:{id}", gone 15 s after its last report) and a sorted set of replica
// ids scored by their last report time ("system:api-replicas", trimmed to the last minute).
public sealed class TrafficReports(IConnectionMultiplexer redis, ILogger<TrafficReports> logger)
{
    public const string ReplicasKey = "system:api-replicas";

    // A replica that has not reported for this long is taken to be gone.
    public static readonly TimeSpan Recent = TimeSpan.FromSeconds(10);

    // How long a read or write waits for Redis before the caller goes on without it.
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan ReportLifetime = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ReplicasKept = TimeSpan.FromMinutes(1);

    private const string ReportedAtField = "reportedAt";
    private const string HitField = "redirects.hit";
    private const string MissField = "redirects.miss";
    private const string NotFoundField = "redirects.not_found";
    private const string ReplicaField = "reads.replica";
    private const string PrimaryLagField = "reads.primary-lag";
    private const string PrimaryDownField = "reads.primary-down";
    private const string PrimaryField = "reads.primary";

    // Throws RedisException or TimeoutException when Redis did not take it.
    public async Task WriteAsync(ApiReplicaTraffic report, CancellationToken cancellationToken)
    {
        var key = Key(report.Id);
        var at = report.ReportedAt.ToUnixTimeMilliseconds();
        var batch = redis.GetDatabase().CreateBatch();
        Task[] sent =
        [
            batch.HashSetAsync(key, ToHash(report)),
            batch.KeyExpireAsync(key, ReportLifetime),
            batch.SortedSetAddAsync(ReplicasKey, report.Id, at),
            batch.SortedSetRemoveRangeByScoreAsync(ReplicasKey, double.NegativeInfinity, at - ReplicasKept.TotalMilliseconds),
        ];
        batch.Execute();
        await Task.WhenAll(sent).WaitAsync(Timeout, cancellationToken);
    }

    // Every replica that reported within Recent of now, by id; null when Redis could not be read.
    public async Task<IReadOnlyList<ApiReplicaTraffic>?> ReadRecentAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var database = redis.GetDatabase();
            var ids = await database.SortedSetRangeByScoreAsync(ReplicasKey, (now - Recent).ToUnixTimeMilliseconds()).WaitAsync(timeout.Token);
            var batch = database.CreateBatch();
            var reading = ids.Select(id => batch.HashGetAllAsync(Key(id.ToString()))).ToArray();
            batch.Execute();
            var hashes = await Task.WhenAll(reading).WaitAsync(timeout.Token);
            return [.. ids.Zip(hashes, (id, hash) => FromHash(id.ToString(), hash))
                .OfType<ApiReplicaTraffic>()
                .OrderBy(report => report.Id, StringComparer.Ordinal)];
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogDebug(exception, "Traffic reports not read from Redis");
            return null;
        }
    }

    public static HashEntry[] ToHash(ApiReplicaTraffic report) =>
    [
        new(ReportedAtField, report.ReportedAt.ToUnixTimeMilliseconds()),
        new(HitField, report.Redirects.Hit),
        new(MissField, report.Redirects.Miss),
        new(NotFoundField, report.Redirects.NotFound),
        new(ReplicaField, report.Reads.Replica),
        new(PrimaryLagField, report.Reads.PrimaryLag),
        new(PrimaryDownField, report.Reads.PrimaryDown),
        new(PrimaryField, report.Reads.Primary),
    ];

    // Null for a hash that is gone (expired) or unreadable. A count it does not have is 0, so a
    // replica that reports fewer figures (an older version, mid-deployment) still adds up.
    public static ApiReplicaTraffic? FromHash(string id, HashEntry[] hash)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var entry in hash)
        {
            fields[entry.Name.ToString()] = entry.Value.ToString();
        }
        if (!TryRead(fields, ReportedAtField, out var at) || at == 0 || at > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            || !TryRead(fields, HitField, out var hit) || !TryRead(fields, MissField, out var miss) || !TryRead(fields, NotFoundField, out var notFound)
            || !TryRead(fields, ReplicaField, out var replica) || !TryRead(fields, PrimaryLagField, out var primaryLag)
            || !TryRead(fields, PrimaryDownField, out var primaryDown) || !TryRead(fields, PrimaryField, out var primary))
        {
            return null;
        }
        return new ApiReplicaTraffic(
            id,
            DateTimeOffset.FromUnixTimeMilliseconds(at),
            new RedirectCounts(hit, miss, notFound),
            new ReadCounts(replica, primaryLag, primaryDown, primary));
    }

    private static bool TryRead(Dictionary<string, string?> fields, string name, out long value)
    {
        value = 0;
        return !fields.TryGetValue(name, out var text) || long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static string Key(string replicaId) => "system:api:" + replicaId;
}
