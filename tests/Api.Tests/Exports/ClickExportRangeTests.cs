using Api.Exports;

namespace Api.Tests.Exports;

public sealed class ClickExportRangeTests
{
    private static readonly DateTime Now = new(2026, 11, 28, 10, 17, 5, DateTimeKind.Utc);

    [Fact]
    public void Without_parameters_it_is_the_last_30_days_up_to_now()
    {
        Assert.True(ClickExportRange.TryParse(null, null, Now, out var range, out _));

        Assert.Equal(new ClickExportRange(Now.AddDays(-30), Now), range);
    }

    [Fact]
    public void A_to_alone_ends_a_30_day_range_and_offsets_are_read_as_utc()
    {
        Assert.True(ClickExportRange.TryParse(null, "2026-11-01T02:00:00+02:00", Now, out var range, out _));

        Assert.Equal(new ClickExportRange(new DateTime(2026, 10, 2, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc)), range);
        Assert.Equal(DateTimeKind.Utc, range!.From.Kind);
    }

    [Theory]
    [InlineData("yesterday", null, "from")]
    [InlineData(null, "2026-13-01", "to")]
    [InlineData("2026-11-02T00:00:00Z", "2026-11-01T00:00:00Z", "from")]
    [InlineData("2026-11-01T00:00:00Z", "2026-11-01T00:00:00Z", "from")]
    [InlineData("2025-01-01T00:00:00Z", "2026-11-01T00:00:00Z", "from")]
    [InlineData("1999-12-31T00:00:00Z", null, "from")]
    [InlineData(null, "9999-01-01T00:00:00Z", "to")]
    public void A_bad_range_names_the_field_to_fix(string? from, string? to, string field)
    {
        Assert.False(ClickExportRange.TryParse(from, to, Now, out var range, out var errors));

        Assert.Null(range);
        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void Four_hundred_days_are_allowed()
    {
        Assert.True(ClickExportRange.TryParse("2025-10-24T00:00:00Z", "2026-11-28T00:00:00Z", Now, out var range, out _));

        Assert.Equal(TimeSpan.FromDays(400), range!.To - range.From);
    }
}
