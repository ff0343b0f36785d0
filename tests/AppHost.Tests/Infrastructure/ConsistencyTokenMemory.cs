using System.Collections.Concurrent;
using ApiContract;
using ReadRouting;

namespace AppHost.Tests.Infrastructure;

// A client that reads its own writes, as the Web does for its users: it keeps the newest
// X-Consistency-Token each signed-in user (bearer token, or API key) was given, through any api replica, and sends
// it with that user's later requests. A request marked WithoutToken goes without one.
public sealed class ConsistencyTokenMemory : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<bool> WithoutToken = new("WithoutConsistencyToken");

    private static readonly ConcurrentDictionary<string, ConsistencyToken> Newest = new();

    public ConsistencyTokenMemory(HttpMessageHandler inner) : base(inner)
    {
    }

    public static ConsistencyToken? NewestFor(TestUser user) => Newest.TryGetValue(user.Token, out var token) ? token : null;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var user = request.Headers.Authorization?.Parameter
            ?? (request.Headers.TryGetValues(ContractHeaders.ApiKey, out var keys) ? keys.FirstOrDefault() : null);
        var skip = request.Options.TryGetValue(WithoutToken, out var without) && without;
        if (user is not null && !skip && !request.Headers.Contains(ContractHeaders.ConsistencyToken) && Newest.TryGetValue(user, out var known))
        {
            request.Headers.Add(ContractHeaders.ConsistencyToken, known.ToString());
        }
        var response = await base.SendAsync(request, cancellationToken);
        if (user is not null && response.Headers.TryGetValues(ContractHeaders.ConsistencyToken, out var values)
            && ConsistencyToken.TryParse(values.FirstOrDefault(), out var received))
        {
            Newest.AddOrUpdate(user, received, (_, old) => ConsistencyToken.Latest(old, received));
        }
        return response;
    }
}
