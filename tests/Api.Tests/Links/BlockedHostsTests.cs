using Links;

namespace Api.Tests.Links;

// An operator's blocklist of target hosts: each entry blocks the host and its subdomains, and nothing that merely ends
// with the same letters.
public sealed class BlockedHostsTests
{
    private static readonly Uri ShortLinkBase = new("https://sho.rt/");
    private static readonly string[] Blocked = ["phish.example", "*.Spam.Example.", "bücher.example"];

    [Theory]
    [InlineData("https://phish.example/login")]
    [InlineData("https://www.phish.example/")]
    [InlineData("https://a.b.PHISH.example/")]
    [InlineData("https://phish.example.:8443/")]
    [InlineData("http://spam.example/")]
    [InlineData("https://deep.spam.example/x")]
    [InlineData("https://bücher.example/")]
    [InlineData("https://xn--bcher-kva.example/")]
    [InlineData("https://shop.xn--bcher-kva.example/")]
    public void A_blocked_host_or_any_subdomain_of_it_is_refused(string url)
    {
        Assert.False(TargetUrl.TryNormalize(url, ShortLinkBase, out _, out var error, Blocked));
        Assert.Contains("not allowed", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://notphish.example/")]
    [InlineData("https://phish.example.com/")]
    [InlineData("https://example.com/phish.example")]
    [InlineData("https://example.com/?next=https://phish.example/")]
    [InlineData("https://bucher.example/")]
    public void A_host_that_only_looks_alike_or_names_a_blocked_host_elsewhere_is_accepted(string url) =>
        Assert.True(TargetUrl.TryNormalize(url, ShortLinkBase, out _, out _, Blocked));

    [Fact]
    public void An_empty_entry_blocks_nothing() =>
        Assert.True(TargetUrl.TryNormalize("https://example.com/", ShortLinkBase, out _, out _, ["", " ", "*."]));
}
