using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace Web.ReadYourWrites;

// The newest consistency token (X-Consistency-Token, a WAL position such as "0/3A1F2C8") of each
// signed-in user's writes, kept in Redis so that whichever Web replica serves their next page sends it
// with the read, and the Api reads from a replica only once that replica has replayed the write.
public sealed partial class ConsistencyTokenStore(IConnectionMultiplexer redis, ILogger<ConsistencyTokenStore> logger)
{
    // Longer than any lag worth waiting for: after that the replica has long replayed the write.
    public static readonly TimeSpan TimeToLive = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(250);

    // Keeps the newer of the stored and the given position: responses of two concurrent writes may
    // arrive in either order. Positions compare as two hex numbers, high word first.
    private static readonly LuaScript KeepNewest = LuaScript.Prepare(
        """
        local function position(text)
          local high, low = string.match(text, '^(%x+)/(%x+)$')
          return tonumber(high, 16), tonumber(low, 16)
        end
        local stored = redis.call('GET', @key)
        if stored then
          local storedHigh, storedLow = position(stored)
          local newHigh, newLow = position(@token)
          if storedHigh and (storedHigh > newHigh or (storedHigh == newHigh and storedLow >= newLow)) then
            redis.call('PEXPIRE', @key, @ttl)
            return 0
          end
        end
        redis.call('SET', @key, @token, 'PX', @ttl)
        return 1
        """);

    public static bool IsWellFormed(string? token) => token is not null && TokenFormat().IsMatch(token);

    public async Task RememberAsync(Guid accountId, string? token, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(token))
        {
            return;
        }
        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(KeepNewest, new { key = (RedisKey)Key(accountId), token, ttl = (long)TimeToLive.TotalMilliseconds })
                .WaitAsync(Timeout, cancellationToken);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // The user's next read may then come from a replica that has not replayed this write yet.
            logger.LogWarning(exception, "Could not keep a consistency token; the next read may be stale");
        }
    }

    public async Task<string?> LatestAsync(Guid accountId, CancellationToken cancellationToken)
    {
        try
        {
            var token = await redis.GetDatabase().StringGetAsync(Key(accountId)).WaitAsync(Timeout, cancellationToken);
            return IsWellFormed(token) ? token.ToString() : null;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            logger.LogWarning(exception, "Could not read the consistency token; this read may be stale");
            return null;
        }
    }

    private static string Key(Guid accountId) => $"web:consistency-token:{accountId:N}";

    [GeneratedRegex(@"^[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}\z")]
    private static partial Regex TokenFormat();
}
