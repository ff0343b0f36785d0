using ApiContract;
using Web.Accounts;
using Web.ApiClient;

namespace Web.SystemPage;

// The system page's "send a burst" button: the visitor's own links (or unknown codes when they have
// none, or are signed out), sent as a RedirectBurst through the api.
public sealed class VisitorRedirectBurst(IHttpClientFactory httpClientFactory, IServiceScopeFactory scopes)
{
    public const int Requests = 100;

    // Unknown codes exercise the not-found path and its negative cache when the visitor has no links.
    private static readonly string[] UnknownCodes = ["no-such-link-1", "no-such-link-2", "no-such-link-3"];

    public async Task<BurstResult> SendAsync(SignedInUser? user, CancellationToken cancellationToken)
    {
        var codes = await CodesToRequestAsync(user, cancellationToken);
        using var client = httpClientFactory.CreateClient(ApiHttpClient.RedirectsName);
        var result = await RedirectBurst.SendAsync(client, codes, Requests, failuresBeforeStopping: null, cancellationToken);
        return new BurstResult(result.Sent, result.Redirected, result.NotFound, result.Failed, codes.SequenceEqual(UnknownCodes), result.ServedBy);
    }

    private async Task<IReadOnlyList<string>> CodesToRequestAsync(SignedInUser? user, CancellationToken cancellationToken)
    {
        if (user is null)
        {
            return UnknownCodes;
        }
        await using var scope = scopes.CreateAsyncScope();
        var links = await scope.ServiceProvider.GetRequiredService<LinksApi>().ListLinksAsync(user, null, null, cancellationToken);
        return links.Value is { Items.Count: > 0 } page ? [.. page.Items.Select(link => link.Code)] : UnknownCodes;
    }
}

public sealed record BurstResult(int Sent, int Redirected, int NotFound, int Failed, bool UsedUnknownCodes, IReadOnlyList<string> ServedBy);
