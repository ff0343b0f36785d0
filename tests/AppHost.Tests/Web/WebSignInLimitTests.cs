using System.Net;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Web;

// The web signs its users in by calling the api from its own server. The api must still count each browser by its
// own address (the web forwards it, ApiContract.WebForwarding), or one stranger's wrong passwords through the web
// would lock every user of the web out.
public sealed class WebSignInLimitTests(SharedStack shared)
{
    private const int FailuresPerAccountAndAddress = 10;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_strangers_wrong_passwords_through_the_web_lock_out_the_strangers_browser_not_the_owners()
    {
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        // Each web replica directly: through the orchestrator's proxy every browser would arrive from the proxy's address.
        var replicas = WebEndpoints.EachReplica(shared.Stack);
        Assert.Equal(2, replicas.Count);
        var strangerAddress = SourceAddress.Random();
        using var stranger = new FormBrowser(replicas[0].Url, strangerAddress);
        using var strangerOnTheOtherReplica = new FormBrowser(replicas[1].Url, strangerAddress);
        using var owner = new FormBrowser(replicas[1].Url, SourceAddress.Random());

        for (var attempt = 0; attempt < FailuresPerAccountAndAddress; attempt++)
        {
            var wrong = await stranger.SignInAsync(user.Email, "a wrong guess " + attempt, Cancellation);
            Assert.Equal(HttpStatusCode.OK, wrong.Status);
            Assert.Contains("Invalid email or password", wrong.Body, StringComparison.Ordinal);
        }

        // Even the right password is refused to the stranger's browser, on either web replica...
        foreach (var browser in new[] { stranger, strangerOnTheOtherReplica })
        {
            var refused = await browser.SignInAsync(user.Email, user.Password, Cancellation);
            Assert.Equal(HttpStatusCode.OK, refused.Status);
            Assert.Matches("Too many requests. Try again in [0-9]+ seconds.", refused.Body);
        }

        // ...while the owner's browser signs in through the same web.
        var admitted = await owner.SignInAsync(user.Email, user.Password, Cancellation);
        Assert.Equal(HttpStatusCode.Redirect, admitted.Status);
        Assert.EndsWith("/links", admitted.Location, StringComparison.Ordinal);
    }
}
