using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AppHost.Dashboard;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Links;

// The operator's switch against abuse: the dashboard's "Disable link" command turns any account's link off,
// and once it returns every api replica answers 410 Gone for it, from its L1 and Redis as much as from
// Postgres; "Enable link" turns it back on just as fast. Without the operator key the api changes nothing.
public sealed class LinkDisablingTests(SharedStack shared)
{
    private static readonly TimeSpan ClicksTimeout = TimeSpan.FromSeconds(30);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_disabled_link_answers_410_on_every_replica_as_soon_as_the_command_returns_and_redirects_again_once_enabled()
    {
        var replicas = ApiEndpoints.EachReplica(shared.Stack);
        Assert.Equal(3, replicas.Count);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        const string target = "https://example.com/reported-as-phishing";
        var code = (await user.CreateLinkAsync(replicas[0].Client, target, Cancellation)).GetProperty("code").GetString()!;
        // Three rounds: the first fills Redis, the second each replica's L1, the third is answered from it.
        for (var round = 0; round < 3; round++)
        {
            await AssertEveryReplicaAnswersAsync(replicas, code, HttpStatusCode.Found, target);
        }
        await Eventually.HoldsAsync(() => ClickStore.ClicksAsync(shared.Stack, code), count => count >= 3 * replicas.Count, ClicksTimeout, "the clicks of the first redirects");

        var disabled = await RunAsync(LinkDisablingCommands.DisableName, code, "reported as phishing");

        Assert.True(disabled.Success, disabled.Message);
        await AssertEveryReplicaAnswersAsync(replicas, code, HttpStatusCode.Gone, target: null);
        foreach (var (replica, client) in replicas)
        {
            using var browser = new HttpRequestMessage(HttpMethod.Get, "/" + code);
            browser.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
            using var page = await client.SendAsync(browser, Cancellation);
            Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
            Assert.Contains("Link disabled", await page.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
            Assert.Matches("^default-src 'none'; script-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$", page.Headers.GetValues("Content-Security-Policy").Single());
            using var problem = await client.GetAsync("/" + code, Cancellation);
            Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
        }
        await Eventually.HoldsAsync(() => IsDisabledAsync(user, replicas[1].Client, code), disabledNow => disabledNow, ClicksTimeout, "the owner seeing the link disabled");

        var enabled = await RunAsync(LinkDisablingCommands.EnableName, code, reason: null);

        Assert.True(enabled.Success, enabled.Message);
        await AssertEveryReplicaAnswersAsync(replicas, code, HttpStatusCode.Found, target);
        // The 410s were not clicks (they were sent before the last redirects): the redirects are all there are.
        var clicks = await Eventually.HoldsAsync(() => ClickStore.ClicksAsync(shared.Stack, code), count => count >= 4 * replicas.Count, ClicksTimeout, "the clicks of every redirect");
        Assert.Equal(4 * replicas.Count, clicks);
        await Eventually.HoldsAsync(() => IsDisabledAsync(user, replicas[1].Client, code), disabledNow => !disabledNow, ClicksTimeout, "the owner seeing the link enabled");
    }

    [Fact]
    public async Task The_owner_editing_a_disabled_link_does_not_turn_it_back_on()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/disabled-then-edited", Cancellation)).GetProperty("code").GetString()!;
        Assert.True((await RunAsync(LinkDisablingCommands.DisableName, code, "spam")).Success);

        using var edit = await api.SendAsync(user.Request(HttpMethod.Put, $"/api/links/{code}", new { url = "https://example.com/edited-to-escape" }), Cancellation);

        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        Assert.True((await edit.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("disabled").GetBoolean());
        await AssertEveryReplicaAnswersAsync(ApiEndpoints.EachReplica(shared.Stack), code, HttpStatusCode.Gone, target: null);
    }

    [Fact]
    public async Task Disabling_an_unknown_code_fails_the_command_and_changes_nothing()
    {
        var before = await StoreSnapshot.TakeAsync(shared.Stack, Cancellation);

        var result = await RunAsync(LinkDisablingCommands.DisableName, "no-such-link-to-disable", "spam");

        Assert.False(result.Success);
        Assert.Contains("404", result.Message, StringComparison.Ordinal);
        Assert.Empty((await StoreSnapshot.TakeAsync(shared.Stack, Cancellation)).ChangesSince(before));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-operator-key")]
    public async Task Without_the_operator_key_disabling_is_a_401_and_changes_nothing(string? key)
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/not-disabled-by-a-stranger", Cancellation)).GetProperty("code").GetString()!;
        var before = await StoreSnapshot.TakeAsync(shared.Stack, Cancellation);

        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/operator/links/{code}/disabled") { Content = JsonContent.Create(new { reason = "spam" }) };
        if (key is not null)
        {
            request.Headers.Add("X-Operator-Key", key);
        }
        using var response = await api.SendAsync(request, Cancellation);
        // An account's token is not the operator's key either.
        using var asUser = await api.SendAsync(user.Request(HttpMethod.Put, $"/api/operator/links/{code}/disabled", new { reason = "spam" }), Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, asUser.StatusCode);
        Assert.Empty((await StoreSnapshot.TakeAsync(shared.Stack, Cancellation)).ChangesSince(before));
        using var redirect = await api.GetAsync("/" + code, Cancellation);
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("spam\0")]
    [InlineData("line\nbreak")]
    public async Task A_reason_that_is_empty_or_has_control_characters_is_a_400_on_the_reason_and_changes_nothing(string reason)
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await user.CreateLinkAsync(api, "https://example.com/reason-checked", Cancellation)).GetProperty("code").GetString()!;
        var before = await StoreSnapshot.TakeAsync(shared.Stack, Cancellation);

        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/operator/links/{code}/disabled") { Content = JsonContent.Create(new { reason }) };
        request.Headers.Add("X-Operator-Key", OperatorKey());
        using var response = await api.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _), problem.ToString());
        Assert.Empty((await StoreSnapshot.TakeAsync(shared.Stack, Cancellation)).ChangesSince(before));
    }

    private Task<Aspire.Hosting.ApplicationModel.ExecuteCommandResult> RunAsync(string command, string code, string? reason)
    {
        List<InteractionInput> arguments = [new() { Name = LinkDisablingCommands.CodeArgument, InputType = InputType.Text, Label = "Short code", Value = code }];
        if (reason is not null)
        {
            arguments.Add(new() { Name = LinkDisablingCommands.ReasonArgument, InputType = InputType.Text, Label = "Reason", Value = reason });
        }
        return shared.Stack.App.ResourceCommands.ExecuteCommandAsync(shared.Stack.ResourceIdOf("api"), command, new InteractionInputCollection(arguments), Cancellation);
    }

    private async Task<bool> IsDisabledAsync(TestUser user, HttpClient api, string code)
    {
        using var response = await api.SendAsync(user.Request(HttpMethod.Get, $"/api/links/{code}"), Cancellation);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("disabled").GetBoolean();
    }

    private string OperatorKey() =>
        shared.Stack.Resources.First(r => r.Resource.Name == "api").Snapshot.EnvironmentVariables
            .FirstOrDefault(v => v.Name == "Operator__Key")?.Value
        ?? throw new InvalidOperationException("The api has no Operator__Key.");

    private async Task AssertEveryReplicaAnswersAsync(IReadOnlyList<(string Replica, HttpClient Client)> replicas, string code, HttpStatusCode status, string? target)
    {
        foreach (var (replica, client) in replicas)
        {
            using var response = await client.GetAsync("/" + code, Cancellation);
            Assert.True(response.StatusCode == status, $"{replica} answered {(int)response.StatusCode} for {code}, not {(int)status}");
            Assert.Equal(target, response.Headers.Location?.AbsoluteUri);
        }
    }
}
