using Api.Analytics;

namespace Api.Tests.Analytics;

public sealed class StatsQueryTests
{
    private static readonly DateTime Now = new(2026, 11, 28, 10, 17, 5, DateTimeKind.Utc);

    [Fact]
    public void Without_parameters_it_is_the_last_24_hours_ending_at_the_end_of_the_current_hour()
    {
        Assert.True(StatsQuery.TryParse(null, null, null, null, Now, out var query, out _));

        Assert.Equal(new StatsQuery(new DateTime(2026, 11, 27, 11, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 28, 11, 0, 0, DateTimeKind.Utc), "hour"), query);
    }

    [Fact]
    public void Daily_without_a_range_is_the_last_30_days_ending_at_the_end_of_today()
    {
        Assert.True(StatsQuery.TryParse(null, null, "day", null, Now, out var query, out _));

        Assert.Equal(new DateTime(2026, 11, 29, 0, 0, 0, DateTimeKind.Utc), query!.To);
        Assert.Equal(new DateTime(2026, 10, 30, 0, 0, 0, DateTimeKind.Utc), query.From);
    }

    [Theory]
    [InlineData("2026-11-01T00:00:00Z", "2026-11-02T00:00:00+02:00", "hour", null)]
    [InlineData(null, null, "week", "interval")]
    [InlineData("yesterday", null, null, "from")]
    [InlineData(null, "2026-13-01", null, "to")]
    [InlineData("2026-11-02T00:00:00Z", "2026-11-01T00:00:00Z", null, "from")]
    [InlineData("2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z", "hour", "from")]
    [InlineData("2025-01-01T00:00:00Z", "2026-03-01T00:00:00Z", "day", "from")]
    [InlineData("0001-01-01T00:00:00Z", "2026-03-01T00:00:00Z", "day", "from")]
    public void Ranges_are_checked(string? from, string? to, string? interval, string? refusedField)
    {
        var accepted = StatsQuery.TryParse(from, to, interval, null, Now, out var query, out var errors);

        if (refusedField is null)
        {
            Assert.True(accepted, string.Join("; ", errors.SelectMany(e => e.Value)));
            Assert.Equal(DateTimeKind.Utc, query!.From.Kind);
        }
        else
        {
            Assert.False(accepted);
            Assert.Contains(refusedField, errors.Keys);
        }
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("false", false)]
    [InlineData("true", true)]
    public void ExcludeBots_is_off_unless_it_is_true(string? excludeBots, bool expected)
    {
        Assert.True(StatsQuery.TryParse(null, null, null, excludeBots, Now, out var query, out _));

        Assert.Equal(expected, query!.ExcludeBots);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("yes")]
    [InlineData("True")]
    [InlineData("true ")]
    public void ExcludeBots_other_than_true_or_false_is_refused_with_a_message_for_it(string excludeBots)
    {
        Assert.False(StatsQuery.TryParse(null, null, null, excludeBots, Now, out _, out var errors));

        Assert.Equal(["excludeBots is true or false."], errors["excludeBots"]);
    }
}
