using System.Net;
using Api.RateLimiting;
using ApiContract;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Api.Tests.RateLimiting;

// Which address a per-client limit counts: the browser's only when the web's key comes with it.
public sealed class ClientAddressesTests
{
    private const string WebKey = "the web's forwarding key";

    [Fact]
    public void The_forwarded_address_counts_when_the_webs_key_comes_with_it() =>
        Assert.Equal("203.0.113.7", Addresses(WebKey).Of(Request("10.0.0.5", "203.0.113.7", WebKey)));

    [Theory]
    [InlineData("not the key")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData(WebKey + " ")]
    public void Without_the_webs_key_the_connections_address_counts(string? sentKey) =>
        Assert.Equal("10.0.0.5", Addresses(WebKey).Of(Request("10.0.0.5", "203.0.113.7", sentKey)));

    [Fact]
    public void With_no_key_configured_no_forwarded_address_is_trusted() =>
        Assert.Equal("10.0.0.5", Addresses(null).Of(Request("10.0.0.5", "203.0.113.7", "")));

    [Theory]
    [InlineData("not an address")]
    [InlineData("203.0.113.7, 198.51.100.1")]
    [InlineData("")]
    public void A_forwarded_value_that_is_not_one_address_is_ignored(string forwarded) =>
        Assert.Equal("10.0.0.5", Addresses(WebKey).Of(Request("10.0.0.5", forwarded, WebKey)));

    [Fact]
    public void An_ipv4_address_on_an_ipv6_socket_counts_as_the_ipv4_address() =>
        Assert.Equal("10.0.0.5", Addresses(WebKey).Of(Request("::ffff:10.0.0.5", forwarded: null, sentKey: null)));

    private static ClientAddresses Addresses(string? configuredKey) =>
        new(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{WebForwarding.SectionName}:{WebForwarding.KeyName}"] = configuredKey })
            .Build());

    private static DefaultHttpContext Request(string connection, string? forwarded, string? sentKey)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(connection);
        if (forwarded is not null)
        {
            http.Request.Headers[WebForwarding.ClientAddressHeader] = forwarded;
        }
        if (sentKey is not null)
        {
            http.Request.Headers[WebForwarding.KeyHeader] = sentKey;
        }
        return http;
    }
}
