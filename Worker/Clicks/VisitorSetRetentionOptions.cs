using System.ComponentModel.DataAnnotations;

namespace Worker.Clicks;

// Configuration section "VisitorSetRetention": how long the per-hour and per-day sets of visitor hashes
// (link_visitor_hours, link_visitor_days) are kept after their UTC day ends. The Api's salt of a day is gone
// 48 hours later, so no click can hash to that day's visitors after that; a click arriving later (a long queue
// backlog) counts as a new visitor. The visitor counts the analytics read are kept.
public sealed class VisitorSetRetentionOptions
{
    public const string SectionName = "VisitorSetRetention";

    [Range(0, 24 * 31)]
    public int KeepHoursAfterDayEnds { get; set; } = 48;

    // How often a Worker looks for sets past their retention.
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    // Rows deleted per statement and statements per pass, per table (see ClickRetentionOptions).
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 5_000;

    [Range(1, 10_000)]
    public int MaxBatchesPerPass { get; set; } = 200;
}
