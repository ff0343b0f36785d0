using System.ComponentModel.DataAnnotations;

namespace Api.Imports;

// Configuration section "Imports": when the sweeper takes a dispatched import for lost (its message lost or
// dead-lettered, or its Worker gone), and how often it sends it again before marking it failed.
public sealed class ImportSweepOptions
{
    public const string SectionName = ImportQuotaOptions.SectionName;

    // Queued, or running without a finished chunk, for longer than this.
    public TimeSpan SweepAfter { get; set; } = TimeSpan.FromMinutes(10);

    // Messages sent again per import; the sweep after the last one marks it failed.
    [Range(0, 100)]
    public int MaxDispatchAttempts { get; set; } = 3;

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    // Imports taken per sweep, by one replica.
    [Range(1, 10_000)]
    public int SweepBatchSize { get; set; } = 50;
}
