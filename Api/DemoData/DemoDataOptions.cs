using System.ComponentModel.DataAnnotations;

namespace Api.DemoData;

// Configuration section "DemoData". The AppHost turns SeedOnFirstStart on when it runs in Development.
public sealed class DemoDataOptions
{
    public const string SectionName = "DemoData";

    // Seed the demo account once, when a replica starts and finds the database without it.
    public bool SeedOnFirstStart { get; set; }

    [Range(DemoDataRequest.MinimumLinks, DemoDataRequest.MaximumLinks)]
    public int FirstStartLinks { get; set; } = DemoDataRequest.DefaultLinks;
}
