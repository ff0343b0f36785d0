namespace Benchmarks.Pipeline;

// One reading of the click pipeline: messages waiting in the clicks queue, and rows inserted into
// clicks so far (Postgres statistics), at a time since the run started.
public sealed record PipelineSample(double Seconds, long QueueMessages, long QueueConsumers, long ClicksInserted);
