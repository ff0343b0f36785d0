using System.Net;
using AppHost.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AppHost.Tests.Links;

[Collection(FailureDrills.Name)]
public sealed class ApiReplicaFailoverTests(FailureDrillStack shared)
{
    private const int RedirectsBeforeStop = 20;
    private const int RedirectsAfterStop = 150;
    private const int MaximumRedirects = 5000;

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Killing_an_api_replica_while_a_client_with_the_standard_resilience_handler_redirects_fails_none_of_its_redirects()
    {
        using var setup = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(setup, "https://example.com/always-there", Cancellation)).GetProperty("code").GetString()!;

        var services = new ServiceCollection();
        services.AddHttpClient("api", client => client.BaseAddress = shared.Stack.App.GetEndpoint("api", "http"))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMilliseconds(50) })
            .AddStandardResilienceHandler();
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("api");

        var outcomes = new List<string>();
        var completed = 0;
        var stopAt = int.MaxValue;
        var redirecting = Task.Run(async () =>
        {
            for (var i = 0; i < MaximumRedirects && Volatile.Read(ref completed) < Volatile.Read(ref stopAt); i++)
            {
                try
                {
                    using var response = await client.GetAsync("/" + code, Cancellation);
                    var outcome = response.StatusCode == HttpStatusCode.Found && response.Headers.Location?.AbsoluteUri == "https://example.com/always-there"
                        ? "302"
                        : $"{(int)response.StatusCode}";
                    lock (outcomes)
                    {
                        outcomes.Add(outcome);
                    }
                }
                catch (HttpRequestException exception)
                {
                    lock (outcomes)
                    {
                        outcomes.Add(exception.Message);
                    }
                }
                Interlocked.Increment(ref completed);
            }
        }, Cancellation);

        var replica = shared.Stack.ResourceIdOf("api");
        await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref completed)), done => done >= RedirectsBeforeStop, TimeSpan.FromSeconds(60), "the first redirects");
        try
        {
            // A crash, not a polite stop: the replica and its `dotnet run` parent are killed outright.
            shared.Stack.Crash(replica);
            await shared.Stack.WaitUntilStoppedAsync(replica, Cancellation);
            Volatile.Write(ref stopAt, Volatile.Read(ref completed) + RedirectsAfterStop);
            await redirecting.WaitAsync(TimeSpan.FromMinutes(3), Cancellation);
        }
        finally
        {
            Volatile.Write(ref stopAt, 0);
            await redirecting.WaitAsync(TimeSpan.FromMinutes(3), Cancellation);
            await shared.Stack.StartAgainAsync(replica, Cancellation);
            await ApiEndpoints.WaitUntilEveryReplicaAnswersAsync(shared.Stack, ApiEndpoints.ReplicaCount, Cancellation);
        }

        Assert.True(outcomes.Count >= RedirectsBeforeStop + RedirectsAfterStop, $"only {outcomes.Count} redirects ran");
        Assert.All(outcomes, outcome => Assert.Equal("302", outcome));
    }
}
