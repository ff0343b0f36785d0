using System.ComponentModel.DataAnnotations;

namespace Api.Clicks;

// Configuration section "Clicks".
public sealed class ClickOptions
{
    public const string SectionName = "Clicks";

    // Click events waiting for the broker, per replica; beyond it new events are dropped and counted.
    [Range(1, 1_000_000)]
    public int BufferCapacity { get; set; } = 10_000;

    [Range(1, 10_000)]
    public int PublishBatchSize { get; set; } = 200;

    // How long the first click of a message waits for others to join it (see PublishLinger); zero publishes at once.
    public TimeSpan PublishLinger { get; set; } = TimeSpan.FromMilliseconds(20);

    // How long a stopping replica keeps publishing what it buffered.
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
