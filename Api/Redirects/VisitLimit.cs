using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Npgsql;
using ReadRouting;
using StackExchange.Redis;

namespace Api.Redirects;

// maxVisits, exact across every api replica: one counter per limited code in Redis ("visits:{code}", the
// redirects it has served), checked and counted by one script, so of any number of concurrent requests
// through any replicas exactly the first maxVisits pass. The counter only grows when a visit passes, so
// a PATCH that raises or lowers maxVisits applies to the redirects served so far. A missing counter (a new
// limit, or Redis lost its data) starts from the link's stored clicks (link_click_totals): exact for a new
// link; after a loss, the clicks still on their way to the rollups can be served again. Redis not
// answering fails closed: the caller answers 503, since no replica can tell whether the limit is reached.
public sealed class VisitLimit(IConnectionMultiplexer redis, LinksDatabase database, IOptions<RedirectCacheOptions> options, ILogger<VisitLimit> logger)
{
    // KEYS[1]: the counter; ARGV[1]: maxVisits; ARGV[2]: '1' to count this visit (a GET), '0' to only check
    // (a HEAD); ARGV[3]: the count to start a missing counter from, or '' to ask for it (-1).
    private const string TakeVisitScript = """
        local served = redis.call('GET', KEYS[1])
        if not served then
          if ARGV[3] == '' then
            return -1
          end
          served = ARGV[3]
          redis.call('SET', KEYS[1], served)
        end
        if tonumber(served) >= tonumber(ARGV[1]) then
          return 0
        end
        if ARGV[2] == '1' then
          redis.call('INCR', KEYS[1])
        end
        return 1
        """;

    // One read of a code's stored clicks per replica at a time, however many requests find its counter missing.
    private readonly ConcurrentDictionary<string, Task<long>> seeds = new(StringComparer.Ordinal);

    // True: the visit may be served (and, when counted, has been); false: maxVisits were served; null: Redis did not answer.
    public async Task<bool?> TryTakeAsync(string code, long maxVisits, bool count, CancellationToken cancellationToken)
    {
        try
        {
            var taken = await RunAsync(code, maxVisits, count, seed: null, cancellationToken);
            if (taken < 0)
            {
                var seed = await SeedAsync(code, cancellationToken);
                taken = await RunAsync(code, maxVisits, count, seed, cancellationToken);
            }
            return taken == 1;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            logger.LogWarning(exception, "Redis did not answer for the visit limit of {Code}; the redirect fails closed", code);
            return null;
        }
    }

    private async Task<long> RunAsync(string code, long maxVisits, bool count, long? seed, CancellationToken cancellationToken)
    {
        var result = await redis.GetDatabase()
            .ScriptEvaluateAsync(TakeVisitScript, [Key(code)], [maxVisits, count ? "1" : "0", seed is { } start ? start : RedisValue.EmptyString])
            .WaitAsync(options.Value.OperationTimeout, cancellationToken);
        return (long)result;
    }

    private async Task<long> SeedAsync(string code, CancellationToken cancellationToken)
    {
        var mine = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var read = seeds.GetOrAdd(code, mine.Task);
        if (read == mine.Task)
        {
            try
            {
                mine.SetResult(await database.ReadPrimaryAsync(async (connection, cancellation) =>
                {
                    await using var select = new NpgsqlCommand("SELECT coalesce((SELECT clicks FROM link_click_totals WHERE code = @code), 0)", connection);
                    select.Parameters.AddWithValue("code", code);
                    return (long)(await select.ExecuteScalarAsync(cancellation))!;
                }, CancellationToken.None));
            }
            catch (Exception exception)
            {
                mine.SetException(exception);
            }
            finally
            {
                seeds.TryRemove(KeyValuePair.Create(code, mine.Task));
            }
        }
        return await read.WaitAsync(cancellationToken);
    }

    // Not a possible "redirect:{code}" key, nor the fence's.
    private static string Key(string code) => "visits:" + code;
}
