using System.ComponentModel.DataAnnotations;

namespace Api.Imports;

// Configuration section "Imports": what one account may import. Imports create links without the link-creation rate
// limit, so they have a quota of their own.
public sealed class ImportQuotaOptions
{
    public const string SectionName = "Imports";

    // Rows uploaded in the last 24 hours, this upload's included.
    [Range(1, int.MaxValue)]
    public int RowsPerAccountPerDay { get; set; } = 50_000;

    // Imports queued or running at once.
    [Range(1, 100)]
    public int ConcurrentPerAccount { get; set; } = 2;

    // An import queued or running longer than this no longer counts as running (a lost one must not block its owner).
    public TimeSpan CountedAsRunningFor { get; set; } = TimeSpan.FromHours(1);
}
