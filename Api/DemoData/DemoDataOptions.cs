using System.ComponentModel.DataAnnotations;
using Api.Accounts;

namespace Api.DemoData;

// Configuration section "DemoData". The AppHost turns SeedOnFirstStart on when it runs in Development and
// sets Password from its "demopassword" parameter (generated once, shown in the dashboard's parameters).
public sealed class DemoDataOptions
{
    public const string SectionName = "DemoData";

    // Seed the demo account once, when a replica starts and finds the database without it.
    public bool SeedOnFirstStart { get; set; }

    [Range(DemoDataRequest.MinimumLinks, DemoDataRequest.MaximumLinks)]
    public int FirstStartLinks { get; set; } = DemoDataRequest.DefaultLinks;

    // The demo account's password, set on every seeding; when empty each seeding generates a new one.
    [MinLength(AccountRules.MinimumPasswordLength)]
    [MaxLength(AccountRules.MaximumPasswordLength)]
    public string? Password { get; set; }
}
