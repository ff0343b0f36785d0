using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Api.Redirects;

// Keeps every api replica's L1 (RedirectL1Cache) coherent with Redis, through Redis pub/sub on
// StackExchange.Redis (a ChannelMessageQueue hands one channel's messages over one at a time, in the
// order Redis sent them). RESP3 client-side tracking would invalidate keys without messages of our own,
// but StackExchange.Redis does not surface its invalidations; and pub/sub alone is asynchronous, so:
// - The script that writes a link change to Redis also publishes it on "redirect-changes"
//   ("c|{sequence}|{version}|{writer}|{change id}|{code}"), numbered by a counter in Redis. Every
//   replica drops its copy of the code and acknowledges to the writer on "redirect-acks:{writer}".
//   Not for a link as created (version 1): every copy any L1 can hold of it is that version (RedirectCache.ApplyChangeAsync).
// - Every replica publishes a heartbeat on the same channel every L1HeartbeatInterval
//   ("h|{sequence}|{replica}|{sent at}", the counter's current value). A replica serves from its L1
//   only while the last heartbeat of its own it got back was sent less than L1Lease ago: Redis
//   delivers a channel's messages in order, so every change published before that heartbeat has been
//   handled.
// - A gap in the sequence (a message lost with a dropped subscription, or a restarted Redis) and a
//   connection failure the client reports clear the L1.
// - A change returns to its writer once every replica heard from in the last L1Lease has acknowledged
//   it, and at the latest after L1Lease: by then no replica still holds a lease from before the change.
// So once a change has returned to its writer, no replica answers the old entry from its L1.
public sealed class RedirectChangeNotifications : BackgroundService
{
    public const string ChannelName = "redirect-changes";
    public const string SequenceKey = "redirect-change-sequence";

    private const string HeartbeatScript = """
        local sequence = redis.call('GET', KEYS[1]) or '0'
        redis.call('PUBLISH', ARGV[1], 'h|' .. sequence .. '|' .. ARGV[2] .. '|' .. ARGV[3])
        return 1
        """;

    private readonly IConnectionMultiplexer redis;
    private readonly RedirectL1Cache l1;
    private readonly TimeProvider time;
    private readonly ILogger<RedirectChangeNotifications> logger;
    private readonly TimeSpan heartbeatInterval;
    private readonly TimeSpan lease;
    private readonly long leaseTicks;
    private readonly ConcurrentDictionary<string, long> heardAt = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, PendingChange> pending = new();
    private long nextChangeId;
    private long leaseSentAt;
    private long lastDisruptionAt;
    private long lastSequence = -1; // only the channel's message loop touches it

    public RedirectChangeNotifications(
        IConnectionMultiplexer redis, RedirectL1Cache l1, IOptions<RedirectCacheOptions> options, TimeProvider time, ILogger<RedirectChangeNotifications> logger)
    {
        this.redis = redis;
        this.l1 = l1;
        this.time = time;
        this.logger = logger;
        heartbeatInterval = options.Value.L1HeartbeatInterval;
        lease = options.Value.L1Lease;
        leaseTicks = (long)(lease.TotalSeconds * time.TimestampFrequency);
        lastDisruptionAt = time.GetTimestamp();
    }

    public string ReplicaId { get; } = Guid.NewGuid().ToString("N");

    // True while this replica may answer from its L1.
    public bool L1IsCoherent
    {
        get
        {
            var sentAt = Interlocked.Read(ref leaseSentAt);
            return sentAt > Interlocked.Read(ref lastDisruptionAt) && time.GetTimestamp() - sentAt <= leaseTicks;
        }
    }

    // Before a change is written: its id, for the script to publish.
    public PendingChange Begin()
    {
        var change = new PendingChange(Interlocked.Increment(ref nextChangeId), time.GetTimestamp());
        pending[change.Id] = change;
        return change;
    }

    // After the change reached Redis: until every replica that may hold the old entry dropped it.
    public async Task WaitUntilDroppedEverywhereAsync(PendingChange change, CancellationToken cancellationToken)
    {
        try
        {
            await change.Dropped.Task.WaitAsync(lease, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            logger.LogDebug("Not every api replica acknowledged redirect change {Id} within {Lease}; their L1 leases have lapsed", change.Id, lease);
        }
    }

    public void End(PendingChange change) => pending.TryRemove(change.Id, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        redis.ConnectionFailed += OnConnectionTrouble;
        redis.ConnectionRestored += OnConnectionTrouble;
        var subscriber = redis.GetSubscriber();
        var (changes, acknowledgements) = await SubscribeAsync(subscriber, stoppingToken);
        try
        {
            changes.OnMessage(OnChangeOrHeartbeat);
            acknowledgements.OnMessage(OnAcknowledgement);
            using var timer = new PeriodicTimer(heartbeatInterval, time);
            do
            {
                await SendHeartbeatAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        finally
        {
            redis.ConnectionFailed -= OnConnectionTrouble;
            redis.ConnectionRestored -= OnConnectionTrouble;
            await changes.UnsubscribeAsync();
            await acknowledgements.UnsubscribeAsync();
        }
    }

    private async Task<(ChannelMessageQueue Changes, ChannelMessageQueue Acknowledgements)> SubscribeAsync(ISubscriber subscriber, CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                var changes = await subscriber.SubscribeAsync(RedisChannel.Literal(ChannelName));
                var acknowledgements = await subscriber.SubscribeAsync(AcknowledgementChannel(ReplicaId));
                return (changes, acknowledgements);
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                logger.LogWarning(exception, "Could not subscribe to redirect changes; the L1 stays unused until then");
                await Task.Delay(heartbeatInterval, time, stoppingToken);
            }
        }
    }

    private async Task SendHeartbeatAsync(CancellationToken stoppingToken)
    {
        using var untraced = UntracedPolling.Begin();
        try
        {
            await redis.GetDatabase()
                .ScriptEvaluateAsync(HeartbeatScript, [SequenceKey], [ChannelName, ReplicaId, time.GetTimestamp()])
                .WaitAsync(lease, stoppingToken);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            logger.LogDebug(exception, "Redirect L1 heartbeat failed");
        }
        var forgotten = time.GetTimestamp() - 20 * leaseTicks;
        foreach (var (replica, at) in heardAt)
        {
            if (at < forgotten)
            {
                heardAt.TryRemove(KeyValuePair.Create(replica, at));
            }
        }
    }

    private void OnChangeOrHeartbeat(ChannelMessage message)
    {
        var parts = ((string)message.Message!).Split('|', 6);
        var sequence = long.Parse(parts[1], CultureInfo.InvariantCulture);
        if (parts[0] == "c")
        {
            Follow(sequence, expected: lastSequence + 1);
            l1.Invalidate(code: parts[5], version: long.Parse(parts[2], CultureInfo.InvariantCulture));
            var (writer, changeId) = (parts[3], long.Parse(parts[4], CultureInfo.InvariantCulture));
            if (writer == ReplicaId)
            {
                Acknowledged(changeId, ReplicaId);
            }
            else
            {
                using var untraced = UntracedPolling.Begin();
                redis.GetSubscriber().Publish(AcknowledgementChannel(writer), $"{changeId}|{ReplicaId}", CommandFlags.FireAndForget);
            }
        }
        else
        {
            Follow(sequence, expected: lastSequence);
            var replica = parts[2];
            heardAt[replica] = time.GetTimestamp();
            if (replica == ReplicaId)
            {
                Interlocked.Exchange(ref leaseSentAt, long.Parse(parts[3], CultureInfo.InvariantCulture));
            }
        }
    }

    private void Follow(long sequence, long expected)
    {
        if (lastSequence >= 0 && sequence != expected)
        {
            l1.Clear();
            logger.LogInformation("Redirect changes may have been missed (sequence {Sequence}, expected {Expected}); L1 cleared", sequence, expected);
        }
        lastSequence = sequence;
    }

    private void OnAcknowledgement(ChannelMessage message)
    {
        var parts = ((string)message.Message!).Split('|');
        Acknowledged(long.Parse(parts[0], CultureInfo.InvariantCulture), parts[1]);
    }

    private void Acknowledged(long changeId, string replica)
    {
        if (!pending.TryGetValue(changeId, out var change))
        {
            return;
        }
        lock (change)
        {
            change.AcknowledgedBy.Add(replica);
            // Our own acknowledgement comes first: until this replica has seen its own change, it may
            // not yet have heard every heartbeat sent before it. A recent disruption of its own
            // subscription may have hidden some: then only the lease is trusted.
            if (!change.AcknowledgedBy.Contains(ReplicaId) || Interlocked.Read(ref lastDisruptionAt) >= change.StartedAt - 2 * leaseTicks)
            {
                return;
            }
            foreach (var (other, at) in heardAt)
            {
                if (at >= change.StartedAt - leaseTicks && !change.AcknowledgedBy.Contains(other))
                {
                    return;
                }
            }
        }
        change.Dropped.TrySetResult();
    }

    private void OnConnectionTrouble(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            Interlocked.Exchange(ref lastDisruptionAt, time.GetTimestamp());
            l1.Clear();
            logger.LogInformation("Redirect change subscription {Failure}; L1 cleared", e.FailureType);
        }
    }

    private static RedisChannel AcknowledgementChannel(string writer) => RedisChannel.Literal("redirect-acks:" + writer);

    public sealed class PendingChange(long id, long startedAt)
    {
        public long Id { get; } = id;

        public long StartedAt { get; } = startedAt;

        public HashSet<string> AcknowledgedBy { get; } = new(StringComparer.Ordinal);

        public TaskCompletionSource Dropped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
