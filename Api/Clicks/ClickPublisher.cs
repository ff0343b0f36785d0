using System.Diagnostics;
using System.Threading.Channels;
using Api.Diagnostics;
using Messaging.Clicks;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Api.Clicks;

// Takes click events off the redirect path: Record only puts the event in a bounded in-process buffer
// and returns. This loop sends the buffer to RabbitMQ in batches, each batch one message (ClickBatch)
// with one publisher confirm, gathered for up to PublishLinger so a message carries many clicks. It keeps
// a batch the broker did not confirm and sends it again, and drops (and counts) new events only when the
// buffer is full. What a hard kill loses: the events in this buffer, up to BufferCapacity.
public sealed class ClickPublisher : BackgroundService
{
    private static readonly ActivitySource Tracing = new(ApiMetrics.MeterName);
    private static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaximumBackoff = TimeSpan.FromSeconds(5);

    private readonly Channel<PendingClick> buffer;
    private readonly IServiceProvider services;
    private readonly ClickOptions options;
    private readonly ApiMetrics metrics;
    private readonly ILogger<ClickPublisher> logger;
    private readonly TimeProvider time;
    private IChannel? channel;
    private long lastDropWarning;

    public ClickPublisher(IServiceProvider services, IOptions<ClickOptions> options, ApiMetrics metrics, ILogger<ClickPublisher> logger, TimeProvider time)
    {
        this.time = time;
        this.services = services;
        this.options = options.Value;
        this.metrics = metrics;
        this.logger = logger;
        buffer = Channel.CreateBounded<PendingClick>(new BoundedChannelOptions(this.options.BufferCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails at once instead of waiting
            SingleReader = true,
        });
        metrics.ObserveClickBuffer(() => buffer.Reader.Count);
    }

    // Never blocks and never throws: a full buffer drops the event, counted and logged.
    public void Record(ClickEvent click)
    {
        if (buffer.Writer.TryWrite(new PendingClick(click, Activity.Current?.Context ?? default)))
        {
            return;
        }
        metrics.ClicksDropped(1);
        var now = Environment.TickCount64;
        if (now - Interlocked.Read(ref lastDropWarning) > 1000)
        {
            Interlocked.Exchange(ref lastDropWarning, now);
            logger.LogWarning("Click buffer full ({Capacity}); dropping click events until the broker takes them again", options.BufferCapacity);
        }
    }

    // For clicks made in bulk (demo data): waits for room in the buffer instead of dropping the event.
    public ValueTask RecordWaitingAsync(ClickEvent click, CancellationToken cancellationToken) =>
        buffer.Writer.WriteAsync(new PendingClick(click, Activity.Current?.Context ?? default), cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var unconfirmed = new List<PendingClick>();
        var backoff = TimeSpan.FromMilliseconds(100);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (unconfirmed.Count == 0)
                {
                    if (!await buffer.Reader.WaitToReadAsync(stoppingToken))
                    {
                        break;
                    }
                    await PublishLinger.WaitAsync(buffer.Reader, options.PublishBatchSize, options.PublishLinger, time, stoppingToken);
                }
                var batch = TakeBatch(unconfirmed);
                unconfirmed = await PublishAsync(batch, stoppingToken);
                if (unconfirmed.Count == 0)
                {
                    backoff = TimeSpan.FromMilliseconds(100);
                    continue;
                }
                metrics.ClicksRetried(unconfirmed.Count);
                await Task.Delay(backoff, stoppingToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaximumBackoff.Ticks));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await DrainAsync(unconfirmed);
    }

    // On shutdown: keep sending what is buffered until it is gone or the drain deadline passes.
    private async Task DrainAsync(List<PendingClick> unconfirmed)
    {
        using var deadline = new CancellationTokenSource(options.DrainTimeout);
        try
        {
            while (unconfirmed.Count > 0 || buffer.Reader.Count > 0)
            {
                var batch = TakeBatch(unconfirmed);
                unconfirmed = await PublishAsync(batch, deadline.Token);
                if (unconfirmed.Count > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        var lost = unconfirmed.Count + buffer.Reader.Count;
        if (lost > 0)
        {
            metrics.ClicksDropped(lost);
            logger.LogWarning("Stopped with {Count} click events not confirmed by the broker; they are lost", lost);
        }
    }

    private List<PendingClick> TakeBatch(List<PendingClick> unconfirmed)
    {
        var batch = new List<PendingClick>(unconfirmed);
        while (batch.Count < options.PublishBatchSize && buffer.Reader.TryRead(out var next))
        {
            batch.Add(next);
        }
        return batch;
    }

    // The events the broker did not confirm: the whole batch or none of it, since it is one message.
    private async Task<List<PendingClick>> PublishAsync(List<PendingClick> batch, CancellationToken cancellationToken)
    {
        using var activity = StartPublishSpan(batch);
        metrics.ClicksPublished(batch.Count);
        var properties = new BasicProperties
        {
            Persistent = true,
            ContentType = "application/json",
            Type = ClickBatch.MessageType,
        };
        var body = ClickBatch.ToJson([.. batch.Select(pending => new ClickBatchEntry(pending.Click, ClickTraceLinks.TraceParent(pending.Redirect)))]);
        try
        {
            var publishing = await OpenChannelAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConfirmTimeout);
            // Returns once the broker confirmed the message; throws if it refused it, lost it or did not answer in time.
            await publishing.BasicPublishAsync(ClickTopology.Definition.Exchange, ClickTopology.Definition.RoutingKey, mandatory: true, properties, body, timeout.Token);
            metrics.ClicksConfirmed(batch.Count);
            return [];
        }
        catch (Exception exception) when (IsBrokerFailure(exception))
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            logger.LogWarning(exception, "RabbitMQ did not confirm a message of {Count} click events; retrying", batch.Count);
            if (channel is not { IsOpen: true })
            {
                await CloseChannelAsync();
            }
            return batch;
        }
    }

    // A span of its own trace for the message, linked to the redirect of each click it carries: the
    // RabbitMQ client's publish span is its child, and the Worker's delivery a child of that.
    private static Activity? StartPublishSpan(List<PendingClick> batch)
    {
        Activity.Current = null; // a root: the batch belongs to no single redirect's trace
        var links = ClickTraceLinks.From(batch.Select(pending => pending.Redirect), out var dropped);
        var activity = Tracing.StartActivity("clicks publish", ActivityKind.Internal, parentContext: default, links: links);
        activity?.SetTag("messaging.batch.message_count", batch.Count);
        if (dropped > 0)
        {
            activity?.SetTag(ClickTraceLinks.DroppedAttribute, dropped);
        }
        return activity;
    }

    private async Task<IChannel> OpenChannelAsync(CancellationToken cancellationToken)
    {
        if (channel is { IsOpen: true })
        {
            return channel;
        }
        await CloseChannelAsync();
        // The first resolution connects (with retries); it must not outlive a drain deadline.
        var connection = await Task.Run(services.GetRequiredService<IConnection>, cancellationToken).WaitAsync(cancellationToken);
        var opened = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        await ClickTopology.Definition.DeclareAsync(opened, cancellationToken);
        return channel = opened;
    }

    private async Task CloseChannelAsync()
    {
        if (channel is not null)
        {
            try
            {
                await channel.DisposeAsync();
            }
            catch (Exception exception) when (IsBrokerFailure(exception))
            {
            }
            channel = null;
        }
    }

    private static bool IsBrokerFailure(Exception exception) =>
        exception is PublishException or AlreadyClosedException or OperationInterruptedException or BrokerUnreachableException
            or ConnectFailureException or IOException or TimeoutException or OperationCanceledException or System.Net.Sockets.SocketException;

    private sealed record PendingClick(ClickEvent Click, ActivityContext Redirect);
}
