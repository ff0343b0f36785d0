using System.ComponentModel.DataAnnotations;

namespace Worker.Clicks;

// Configuration section "ClickRetention": how long raw click rows (with their visitor hash) are kept.
// The rollups the analytics read are kept: totals and charts do not change when raw rows go.
public sealed class ClickRetentionOptions
{
    public const string SectionName = "ClickRetention";

    [Range(1, 120)]
    public int KeepMonths { get; set; } = 13;

    // How often a Worker looks for rows past their retention.
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    // Rows deleted per statement (each its own short transaction), and statements per pass: a pass
    // never holds locks long nor deletes more than their product; what is left waits for the next pass.
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 5_000;

    [Range(1, 10_000)]
    public int MaxBatchesPerPass { get; set; } = 200;
}
