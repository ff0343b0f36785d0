using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using Messaging.Clicks;
using Messaging.Imports;
using RabbitMQ.Client;

namespace Worker.Diagnostics;

// Queue depth and consumer count, the figures that say "add workers", asked of RabbitMQ with a passive
// declare (it changes nothing) every two seconds and exported as gauges on the Worker's meter.
public sealed class QueueDepthMonitor : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly string[] Queues =
    [
        ClickTopology.Definition.Queue, ClickTopology.Definition.DeadLetterQueue,
        ImportTopology.Definition.Queue, ImportTopology.Definition.DeadLetterQueue,
    ];

    private readonly IServiceProvider services;
    private readonly ILogger<QueueDepthMonitor> logger;
    private ImmutableDictionary<string, QueueDeclareOk> latest = ImmutableDictionary<string, QueueDeclareOk>.Empty;

    public QueueDepthMonitor(IServiceProvider services, IMeterFactory meterFactory, ILogger<QueueDepthMonitor> logger)
    {
        this.services = services;
        this.logger = logger;
        var meter = meterFactory.Create(WorkerMetrics.MeterName);
        meter.CreateObservableGauge("links.queue.messages", () => Measure(queue => queue.MessageCount), "{message}",
            "Messages ready in each queue (clicks, imports and their dead-letter queues): a growing clicks queue means the Workers fall behind.");
        meter.CreateObservableGauge("links.queue.consumers", () => Measure(queue => queue.ConsumerCount), "{consumer}",
            "Consumers attached to each queue: one per running Worker on clicks and imports.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first resolution connects, with retries: not on the host's start-up thread.
        var connection = await Task.Run(services.GetRequiredService<IConnection>, stoppingToken);
        using var timer = new PeriodicTimer(Interval);
        do
        {
            latest = await SampleAsync(connection, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<ImmutableDictionary<string, QueueDeclareOk>> SampleAsync(IConnection connection, CancellationToken stoppingToken)
    {
        var sampled = ImmutableDictionary.CreateBuilder<string, QueueDeclareOk>();
        try
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken);
            foreach (var queue in Queues)
            {
                sampled[queue] = await channel.QueueDeclarePassiveAsync(queue, stoppingToken);
            }
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            // A figure for the dashboard: while the broker (or a queue) is missing, it shows what was sampled.
            logger.LogDebug(exception, "Queue depths not sampled");
        }
        return sampled.ToImmutable();
    }

    private IEnumerable<Measurement<long>> Measure(Func<QueueDeclareOk, uint> figure) =>
        latest.Select(queue => new Measurement<long>(figure(queue.Value), new KeyValuePair<string, object?>("messaging.destination.name", queue.Key)));
}
