using System.Globalization;
using System.Security.Cryptography;
using StackExchange.Redis;

namespace Api.Clicks;

// Keeps every api replica on one random salt per UTC day: "visitor-salt:{yyyy-MM-dd}" in Redis, written
// by whichever replica comes first (SET NX) and expiring 48 hours after its day began, so no key
// anywhere can recompute an old day's salt and link its hashes to addresses. Today's and tomorrow's
// salts are read ahead every RefreshInterval (two keys, a trivial load), off the request path; a salt that changed in Redis (a
// Redis restart lost it) is adopted at the next read, so the replicas agree again within one interval.
public sealed class SharedVisitorSalts(IConnectionMultiplexer redis, VisitorSalts salts, TimeProvider time, ILogger<SharedVisitorSalts> logger) : BackgroundService
{
    public const string KeyPrefix = "visitor-salt:";
    public static readonly TimeSpan KeptFor = TimeSpan.FromHours(48);
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FirstReadTimeout = TimeSpan.FromSeconds(10);

    public static string KeyOf(DateOnly day) => KeyPrefix + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // The first read before the api serves, so its first clicks already use the shared salt.
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(FirstReadTimeout);
        await RefreshAsync(timeout.Token);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await RefreshAsync(stoppingToken);
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        using var untraced = UntracedPolling.Begin();
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        salts.ForgetBefore(today.AddDays(-1));
        foreach (var day in new[] { today, today.AddDays(1) })
        {
            try
            {
                salts.Adopt(day, await ReadOrCreateAsync(day).WaitAsync(cancellationToken));
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException or OperationCanceledException)
            {
                if (!salts.HasShared(day))
                {
                    logger.LogWarning("The shared visitor-hash salt of {Day} could not be read from Redis ({Error}); this replica hashes with its own salt until it can", day, exception.Message);
                }
                return;
            }
        }
    }

    private async Task<byte[]> ReadOrCreateAsync(DateOnly day)
    {
        var database = redis.GetDatabase();
        var key = KeyOf(day);
        var expiresIn = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) + KeptFor - time.GetUtcNow();
        await database.StringSetAsync(key, RandomNumberGenerator.GetBytes(VisitorSalts.SaltBytes), expiresIn, When.NotExists);
        var salt = (byte[]?)await database.StringGetAsync(key);
        return salt is { Length: VisitorSalts.SaltBytes } ? salt : throw new RedisException($"{key} holds no salt of {VisitorSalts.SaltBytes} bytes.");
    }
}
