using System.ComponentModel.DataAnnotations;

namespace Worker.Clicks;

// Configuration section "Clicks" of the Worker.
public sealed class ClickConsumerOptions
{
    public const string SectionName = "Clicks";

    // Click events written per transaction, taken in whole messages (at least one); 1 is one transaction
    // per message, the baseline the benchmark compares against.
    [Range(1, 5_000)]
    public int BatchSize { get; set; } = 500;
}
