using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Api.Tests.Telemetry;

public sealed class UntracedRequestsTests
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    [InlineData("/api/system/traffic")]
    [InlineData("/api/system/replication")]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/_blazor")]
    [InlineData("/_content/lib/x.css")]
    [InlineData("/app.css")]
    [InlineData("/favicon.png")]
    public void Probes_polling_and_files_are_not_traced(string path) =>
        Assert.True(UntracedRequests.IsUntraced(new PathString(path)));

    [Theory]
    [InlineData("/abc1234")]
    [InlineData("/my-code_2")]
    [InlineData("/api/links")]
    [InlineData("/api/links/abc1234/stats")]
    [InlineData("/api/imports")]
    [InlineData("/links")]
    [InlineData("/system")]
    [InlineData("/healthy-code")]
    [InlineData("/")]
    public void User_requests_are_traced(string path) =>
        Assert.False(UntracedRequests.IsUntraced(new PathString(path)));

    [Fact]
    public void An_outgoing_call_is_judged_by_its_path() =>
        Assert.True(UntracedRequests.IsUntraced(new Uri("http://api:8080/api/system/traffic")));
}
