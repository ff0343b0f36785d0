using Api.Diagnostics;
using Api.Redirects;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Api.Tests.Redirects;

// The L1's own rules: its two bounds, the version rule, and the generation that keeps a fill read
// before a change out.
public sealed class RedirectL1CacheTests
{
    [Fact]
    public void It_holds_at_most_its_entry_bound_dropping_the_oldest_first()
    {
        var l1 = L1(maxEntries: 3);

        for (var i = 1; i <= 5; i++)
        {
            Assert.True(l1.TryAdd($"code{i}", new RedirectEntry(1, $"https://example.com/{i}"), l1.Generation));
        }

        Assert.Equal(3, l1.Count);
        Assert.False(l1.TryGet("code1", out _));
        Assert.False(l1.TryGet("code2", out _));
        Assert.True(l1.TryGet("code5", out var newest));
        Assert.Equal("https://example.com/5", newest.Target);
    }

    [Fact]
    public void It_holds_at_most_its_byte_bound_and_refuses_an_entry_larger_than_it()
    {
        var l1 = L1(maxEntries: 1000, maxTargetBytes: 1000);
        var target = "https://example.com/" + new string('a', 80); // 100 chars: 206 bytes with its 3-char code

        for (var i = 0; i < 20; i++)
        {
            l1.TryAdd($"c{i:00}", new RedirectEntry(1, target), l1.Generation);
        }

        Assert.InRange(l1.HeldBytes, 1, 1000);
        Assert.Equal(l1.Count * (3 + target.Length) * sizeof(char), l1.HeldBytes);
        Assert.False(l1.TryAdd("huge", new RedirectEntry(1, "https://example.com/" + new string('b', 600)), l1.Generation));
    }

    [Fact]
    public void An_older_version_never_replaces_a_newer_one_and_a_change_drops_only_older_versions()
    {
        var l1 = L1();
        l1.TryAdd("code", new RedirectEntry(2, "https://example.com/v2"), l1.Generation);

        Assert.False(l1.TryAdd("code", new RedirectEntry(1, "https://example.com/v1"), l1.Generation));
        l1.Invalidate("code", version: 2); // a late notification of the version held
        Assert.True(l1.TryGet("code", out var held));
        Assert.Equal(2, held.Version);

        l1.Invalidate("code", version: 3);
        Assert.False(l1.TryGet("code", out _));
        Assert.Equal(0, l1.HeldBytes);
    }

    [Fact]
    public void A_fill_read_before_a_change_notification_or_a_clear_is_not_added()
    {
        var l1 = L1();
        var beforeChange = l1.Generation;
        l1.Invalidate("other-code", version: 5);
        Assert.False(l1.TryAdd("code", new RedirectEntry(1, "https://example.com/"), beforeChange));

        var beforeClear = l1.Generation;
        l1.Clear();
        Assert.False(l1.TryAdd("code", new RedirectEntry(1, "https://example.com/"), beforeClear));
        Assert.True(l1.TryAdd("code", new RedirectEntry(1, "https://example.com/"), l1.Generation));
    }

    [Fact]
    public void A_code_offered_from_Redis_enters_on_its_second_hit_at_the_same_version()
    {
        var l1 = L1();

        Assert.False(l1.Offer("code", new RedirectEntry(1, "https://example.com/v1"), l1.Generation));
        Assert.False(l1.Offer("code", new RedirectEntry(2, "https://example.com/v2"), l1.Generation)); // a change since: counts again
        Assert.False(l1.TryGet("code", out _));
        Assert.True(l1.Offer("code", new RedirectEntry(2, "https://example.com/v2"), l1.Generation));

        Assert.True(l1.TryGet("code", out var held));
        Assert.Equal(2, held.Version);
    }

    [Fact]
    public void Unknown_and_deleted_codes_are_not_held()
    {
        var l1 = L1();

        Assert.False(l1.TryAdd("unknown", RedirectEntry.Unknown, l1.Generation));
        Assert.False(l1.TryAdd("deleted", new RedirectEntry(3, null), l1.Generation));
        Assert.Equal(0, l1.Count);
    }

    [Fact]
    public void Entries_replaced_again_and_again_do_not_grow_it_past_its_bounds()
    {
        var l1 = L1(maxEntries: 2);
        for (var version = 1; version <= 1000; version++)
        {
            l1.TryAdd("hot", new RedirectEntry(version, $"https://example.com/{version}"), l1.Generation);
        }

        Assert.Equal(1, l1.Count);
        Assert.True(l1.TryGet("hot", out var held));
        Assert.Equal(1000, held.Version);
    }

    internal static RedirectL1Cache L1(int maxEntries = 100, long maxTargetBytes = 1024 * 1024)
    {
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        return new RedirectL1Cache(Options.Create(new RedirectCacheOptions { L1MaxEntries = maxEntries, L1MaxTargetBytes = maxTargetBytes }), new ApiMetrics(meters));
    }
}
