using ApiContract;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests;

public sealed class ApiReplicaTests(SharedStack shared)
{
    [Fact]
    public async Task Requests_to_the_api_endpoint_are_answered_by_all_three_replicas()
    {
        using var client = new HttpClient { BaseAddress = shared.Stack.App.GetEndpoint("api", "http") };
        var servedBy = new HashSet<string>();

        // A fresh connection for each request: the orchestrator's proxy balances connections, not requests.
        for (var attempt = 0; attempt < 60 && servedBy.Count < 3; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/alive");
            request.Headers.ConnectionClose = true;
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            response.EnsureSuccessStatusCode();
            servedBy.Add(Assert.Single(response.Headers.GetValues(ContractHeaders.ServedBy)));
        }

        Assert.Equal(3, servedBy.Count);
        var replicaIds = shared.Stack.Resources.Where(r => r.Resource.Name == "api").Select(r => r.ResourceId).ToHashSet();
        Assert.Equal(ApiEndpoints.ReplicaCount, replicaIds.Count);
        Assert.Subset(replicaIds, servedBy);
    }
}
