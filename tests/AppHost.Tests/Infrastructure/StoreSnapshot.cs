using Npgsql;
using StackExchange.Redis;

namespace AppHost.Tests.Infrastructure;

// Everything the Api keeps, reduced to values that differ when anything changed: a digest of the rows
// of its tables in Postgres, and every key in Redis with its string value.
public sealed record StoreSnapshot(string Postgres, IReadOnlyDictionary<string, string> Redis)
{
    // Not redirect_cache_refreshes: a queue the Api empties in the background (its rows come and go after
    // a change has committed), and every row it gets comes with a change to links.
    private static readonly string[] Tables = ["accounts", "links", "api_keys"];

    public static async Task<StoreSnapshot> TakeAsync(RunningStack stack, CancellationToken cancellationToken)
    {
        await using var postgres = new NpgsqlConnection(stack.ConnectionString("links"));
        await postgres.OpenAsync(cancellationToken);
        var digests = new List<string>();
        foreach (var table in Tables)
        {
            await using var command = new NpgsqlCommand(
                $"SELECT '{table} ' || count(*) || ' ' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM {table} t", postgres);
            digests.Add((string)(await command.ExecuteScalarAsync(cancellationToken))!);
        }

        await using var redis = await ConnectionMultiplexer.ConnectAsync(stack.ConnectionString("cache"));
        var database = redis.GetDatabase();
        var keys = new Dictionary<string, string>();
        await foreach (var key in redis.GetServers().Single().KeysAsync(pattern: "*"))
        {
            var type = await database.KeyTypeAsync(key);
            var value = type == RedisType.String ? (string?)await database.StringGetAsync(key) : type.ToString();
            if (IsBookkeeping(key))
            {
                continue;
            }
            if (value is not null && type != RedisType.None) // null or None: it expired while being read
            {
                keys[key.ToString()] = value;
            }
        }
        return new StoreSnapshot(string.Join("; ", digests), keys);
    }

    // The change notifications' counter and the applied-refresh ids move whenever the Api's background loop
    // (re)applies a queued refresh, which changes no link; what a link change writes (entries, fence) is still compared.
    private static bool IsBookkeeping(RedisKey key) => key == "redirect-change-sequence" || key == "redirect-refreshes-applied";

    // What differs from an earlier snapshot. Redis keys that expired meanwhile do not count.
    public IReadOnlyList<string> ChangesSince(StoreSnapshot before)
    {
        var changes = new List<string>();
        if (Postgres != before.Postgres)
        {
            changes.Add($"postgres: {before.Postgres} -> {Postgres}");
        }
        foreach (var (key, value) in Redis)
        {
            if (!before.Redis.TryGetValue(key, out var earlier))
            {
                changes.Add($"redis key added: {key}");
            }
            else if (earlier != value)
            {
                changes.Add($"redis key changed: {key}");
            }
        }
        return changes;
    }
}
