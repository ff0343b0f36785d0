namespace Api.Traffic;

// The click queue as RabbitMQ reports it: events waiting to be taken, and the Worker consumers taking them.
public sealed record ClickQueueStatus(long Messages, long Consumers);
