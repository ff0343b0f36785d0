using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Web.Accounts;
using Web.ApiClient;
using Web.ReadYourWrites;
using Web.SystemPage;

namespace Web.Tests.Infrastructure;

// A bUnit context with the Web's services wired as Program.cs wires them, except that the Api is a
// StubApi and the clock is fixed.
public abstract class WebTestContext : BunitContext
{
    // Generous: a read first waits up to 250 ms for Redis (down here) before it asks the Api.
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    protected static readonly DateTimeOffset Now = new(2025, 3, 10, 14, 25, 0, TimeSpan.Zero);

    protected const string Email = "ada@example.com";
    protected const string AccessToken = "header.payload.signature";

    protected WebTestContext()
    {
        Services.AddLogging();
        Services.AddSingleton<TimeProvider>(new FixedClock(Now));
        Services.AddSingleton(UnreachableRedis.Instance);
        Services.AddSingleton<ConsistencyTokenStore>();
        Services.AddSingleton(provider =>
            new LinksApi(new HttpClient(Api, disposeHandler: false) { BaseAddress = StubApi.BaseAddress }, provider.GetRequiredService<ConsistencyTokenStore>()));
        Services.AddHttpClient();
        Services.AddHttpClient(ApiHttpClient.RedirectsName, client => client.BaseAddress = StubApi.BaseAddress)
            .ConfigurePrimaryHttpMessageHandler(() => Api)
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        Services.AddSingleton<VisitorRedirectBurst>();
    }

    protected StubApi Api { get; } = new();

    protected Guid AccountId { get; } = Guid.NewGuid();

    protected void SignIn()
    {
        var authorization = AddAuthorization();
        authorization.SetAuthorized(Email);
        authorization.SetClaims(
            new Claim(ClaimTypes.NameIdentifier, AccountId.ToString()),
            new Claim(ClaimTypes.Email, Email),
            new Claim(SignedInUser.AccessTokenClaim, AccessToken));
    }

    protected void SignOut() => AddAuthorization().SetNotAuthorized();

    // Where a page's [SupplyParameterFromQuery] parameters come from: the NavigationManager's URI.
    protected void Visit(string relativeUri) => Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo(relativeUri);
}
