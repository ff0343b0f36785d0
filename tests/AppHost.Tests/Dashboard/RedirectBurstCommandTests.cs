using System.Text.RegularExpressions;
using AppHost.Dashboard;
using AppHost.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AppHost.Tests.Dashboard;

// The api's "Send redirect burst" command, run on one replica the way the dashboard's button runs it.
public sealed class RedirectBurstCommandTests(SharedStack shared)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_burst_sends_the_configured_number_of_redirects_to_the_newest_links_and_unknown_codes_and_counts_every_answer()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/burst", Cancellation)).GetProperty("code").GetString()!;
        // The command picks its codes from the replica.
        await Eventually.HoldsAsync(() => LinksOnReplicaAsync(code), count => count == 1, Timeout, "the replica holding the new link");

        var result = await shared.Stack.App.ResourceCommands.ExecuteCommandAsync(shared.Stack.ResourceIdOf("api"), RedirectBurstCommand.Name, Cancellation);

        Assert.True(result.Success, result.Message);
        var match = Regex.Match(result.Message ?? "", @"^(\d+) sent: (\d+) redirected, (\d+) not found, (\d+) failed$");
        Assert.True(match.Success, result.Message);
        var (sent, redirected, notFound, failed) = (Count(match, 1), Count(match, 2), Count(match, 3), Count(match, 4));
        Assert.Equal(RedirectBurstCommand.DefaultRequests, sent);
        Assert.Equal(sent, redirected + notFound + failed);
        Assert.True(redirected > 0, result.Message);
        Assert.True(notFound > 0, result.Message);
        Assert.Equal(0, failed);
        // Each redirect was a real click: the newest link's come through the pipeline.
        await Eventually.HoldsAsync(() => ClickStore.ClicksAsync(shared.Stack, code), count => count > 0, Timeout, "clicks on the newest link stored");
    }

    [Fact]
    public async Task A_burst_sends_the_number_of_redirects_given_as_its_argument()
    {
        var result = await shared.Stack.App.ResourceCommands.ExecuteCommandAsync(
            shared.Stack.ResourceIdOf("api"), RedirectBurstCommand.Name, Requests("40"), Cancellation);

        Assert.True(result.Success, result.Message);
        Assert.StartsWith("40 sent: ", result.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("100001")]
    [InlineData("12.5")]
    [InlineData("-3")]
    [InlineData("many")]
    [InlineData("")]
    public async Task A_burst_size_that_is_not_a_whole_number_from_1_to_100000_is_refused_before_a_redirect_is_sent(string requests)
    {
        var result = await shared.Stack.App.ResourceCommands.ExecuteCommandAsync(
            shared.Stack.ResourceIdOf("api"), RedirectBurstCommand.Name, Requests(requests), Cancellation);

        Assert.False(result.Success);
        Assert.Equal("Command argument validation failed.", result.Message);
    }

    [Fact]
    public void The_burst_runs_under_the_dashboards_progress_dialog()
    {
        var api = shared.Stack.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == "api");
        var burst = api.Annotations.OfType<ResourceCommandAnnotation>().Single(c => c.Name == RedirectBurstCommand.Name);

        Assert.False(string.IsNullOrEmpty(burst.Progress?.Message));
        Assert.False(burst.Progress!.HideCancelButton);
    }

    [Fact]
    public void Every_api_replica_offers_the_burst_while_it_is_healthy()
    {
        var replicas = shared.Stack.Resources.Where(r => r.Resource.Name == "api").ToList();

        Assert.Equal(3, replicas.Count);
        Assert.All(replicas, replica => Assert.Contains(replica.Snapshot.Commands,
            c => c.Name == RedirectBurstCommand.Name && c.DisplayName == "Send redirect burst" && c.State == ResourceCommandState.Enabled));
    }

    private async Task<long> LinksOnReplicaAsync(string code)
    {
        await using var connection = new NpgsqlConnection(shared.Stack.ConnectionString("links-replica"));
        await connection.OpenAsync(Cancellation);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM links WHERE code = @code", connection) { Parameters = { new("code", code) } };
        return (long)(await command.ExecuteScalarAsync(Cancellation))!;
    }

    private static InteractionInputCollection Requests(string value) =>
        new([new InteractionInput { Name = RedirectBurstCommand.RequestsArgument, InputType = InputType.Number, Value = value }]);

    private static int Count(Match match, int group) => int.Parse(match.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);
}
