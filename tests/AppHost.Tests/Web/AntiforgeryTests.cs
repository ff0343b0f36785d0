using System.Net;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Web;

public sealed class AntiforgeryTests(SharedStack shared)
{
    [Fact]
    public async Task A_form_post_without_an_antiforgery_token_changes_nothing_and_says_why()
    {
        using var web = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = WebEndpoints.ThroughProxy(shared.Stack) };
        var email = $"forged-{Guid.NewGuid():N}@example.com";
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-up",
            ["Form.Email"] = email,
            ["Form.Password"] = WebPages.Password,
        });

        using var response = await web.PostAsync("/sign-up", form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/form-expired", response.Headers.Location?.OriginalString);
        Assert.Contains("Form expired", await web.GetStringAsync("/form-expired", TestContext.Current.CancellationToken));
        Assert.Equal(0L, await ClickStore.ScalarAsync(shared.Stack, "SELECT count(*) FROM accounts WHERE email = @email", ("email", email)));
    }
}
