using Links;

namespace Api.Tests.Links;

// A link's rules: the window is half-open [ValidSince, ValidUntil), and only a link with no window and no visit limit
// is let through without a look at the clock or the visit count.
public sealed class RedirectRulesTests
{
    private static readonly DateTimeOffset Since = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Until = new(2026, 12, 8, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Only_a_link_with_no_window_and_no_visit_limit_always_admits()
    {
        Assert.True(RedirectRules.Default.AlwaysAdmits);
        Assert.True((RedirectRules.Default with { ForwardQuery = false }).AlwaysAdmits);
        Assert.False((RedirectRules.Default with { ValidSince = Since }).AlwaysAdmits);
        Assert.False((RedirectRules.Default with { ValidUntil = Until }).AlwaysAdmits);
        Assert.False((RedirectRules.Default with { MaxVisits = 1 }).AlwaysAdmits);
    }

    [Fact]
    public void The_window_includes_its_start_and_excludes_its_end()
    {
        var rules = RedirectRules.Default with { ValidSince = Since, ValidUntil = Until };

        Assert.False(rules.IsValidAt(Since.AddTicks(-1)));
        Assert.True(rules.IsValidAt(Since));
        Assert.True(rules.IsValidAt(Until.AddTicks(-1)));
        Assert.False(rules.IsValidAt(Until));
    }
}
