using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AppHost.Dashboard;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Dashboard;

// The api's "Seed demo data" command, run the way the dashboard's button runs it: the demo account gets the
// asked number of links with clicks over the last 30 days, through the click pipeline into the rollups the
// link stats read, and the command shows its sign-in. Without the operator key, or with a bad number, nothing changes.
public sealed partial class DemoDataTests(SharedStack shared)
{
    private const string DemoEmail = "demo@example.com";
    private static readonly TimeSpan ClicksTimeout = TimeSpan.FromSeconds(60);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_command_gives_the_demo_account_the_asked_links_with_clicks_on_many_days_of_the_last_30_and_its_sign_in()
    {
        const int links = 5;
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var linksBefore = await DemoLinksAsync();
        var recordedBefore = await ClicksRecordedAsync(api);

        var seeded = Seeded.From(await RunAsync(links.ToString(CultureInfo.InvariantCulture)));

        Assert.Equal(links, seeded.Links);
        Assert.InRange(seeded.Clicks, links * 10, links * 120);
        Assert.Equal(linksBefore + links, await DemoLinksAsync());
        var token = await SignInAsync(seeded.Password);
        var codes = await Eventually.HoldsAsync(() => NewestCodesAsync(api, token), found => found.Count >= linksBefore + links, ClicksTimeout, "the demo links listed");
        var newest = codes.Take(links).ToList();
        // Each link's stats by day over the last 30 days, as the link page charts them, once the Worker has stored every click.
        var series = await Eventually.HoldsAsync(
            async () => await Task.WhenAll(newest.Select(code => DailySeriesAsync(api, token, code))),
            all => all.Sum(days => days.Sum(day => day.Clicks)) == seeded.Clicks, ClicksTimeout, "every demo click in the link stats");
        var daysWithClicks = series.SelectMany(days => days.Where(day => day.Clicks > 0).Select(day => day.Day)).Distinct().ToList();
        Assert.True(daysWithClicks.Count >= 5, $"clicks on {daysWithClicks.Count} days only");
        Assert.All(daysWithClicks, day => Assert.InRange(day, DateTime.UtcNow.Date.AddDays(-30), DateTime.UtcNow.Date));
        // What the /system page reads counts them as written too.
        await Eventually.HoldsAsync(() => ClicksRecordedAsync(api), recorded => recorded >= recordedBefore + seeded.Clicks, ClicksTimeout, "the clicks counted as recorded");
    }

    [Fact]
    public async Task Running_it_again_adds_links_to_the_same_account_whose_password_is_the_demopassword_parameter()
    {
        var first = Seeded.From(await RunAsync("1"));
        var linksBetween = await DemoLinksAsync();

        var second = Seeded.From(await RunAsync("2"));

        Assert.Equal("to the existing account", second.Account);
        Assert.Equal(first.Password, second.Password);
        Assert.Equal(ApiEnvironment("DemoData__Password"), second.Password);
        Assert.Equal(linksBetween + 2, await DemoLinksAsync());
        Assert.Equal(1L, await ClickStore.ScalarAsync(shared.Stack, "SELECT count(*) FROM accounts WHERE email_normalized = @email", ("email", DemoEmail)));
        await SignInAsync(second.Password);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("501")]
    [InlineData("-3")]
    [InlineData("2.5")]
    [InlineData("many")]
    [InlineData("")]
    public async Task A_bad_number_of_links_fails_the_command_and_changes_nothing(string links)
    {
        var before = await StoreSnapshot.TakeAsync(shared.Stack, Cancellation);

        var result = await RunAsync(links);

        // The command's ValidateArguments puts "whole number from 1 to 500" beside the field in the dashboard's dialog;
        // a caller of the command API gets Aspire's summary.
        Assert.False(result.Success);
        Assert.Equal("Command argument validation failed.", result.Message);
        Assert.Empty((await StoreSnapshot.TakeAsync(shared.Stack, Cancellation)).ChangesSince(before));
    }

    [Theory]
    [InlineData("{\"links\":0}", "links")]
    [InlineData("{\"links\":501}", "links")]
    [InlineData("{\"links\":-1}", "links")]
    [InlineData("{\"links\":\"many\"}", null)]
    [InlineData("{\"links\":", null)]
    public async Task The_endpoint_answers_a_bad_number_with_a_400_and_changes_nothing(string body, string? field)
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var before = await StoreSnapshot.TakeAsync(shared.Stack, Cancellation);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/operator/demo-data") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Operator-Key", OperatorKey());
        using var response = await api.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (field is not null)
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }
        Assert.Empty((await StoreSnapshot.TakeAsync(shared.Stack, Cancellation)).ChangesSince(before));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-operator-key")]
    public async Task Without_the_operator_key_seeding_is_a_401_and_changes_nothing(string? key)
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var before = await StoreSnapshot.TakeAsync(shared.Stack, Cancellation);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/operator/demo-data") { Content = JsonContent.Create(new { links = 1 }) };
        if (key is not null)
        {
            request.Headers.Add("X-Operator-Key", key);
        }
        using var response = await api.SendAsync(request, Cancellation);
        // An account's token is not the operator's key either.
        using var asUser = await api.SendAsync(user.Request(HttpMethod.Post, "/api/operator/demo-data", new { links = 1 }), Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, asUser.StatusCode);
        Assert.Empty((await StoreSnapshot.TakeAsync(shared.Stack, Cancellation)).ChangesSince(before));
    }

    [Fact]
    public void Every_api_replica_offers_the_command_while_it_is_healthy()
    {
        var replicas = shared.Stack.Resources.Where(r => r.Resource.Name == "api").ToList();

        Assert.Equal(ApiEndpoints.ReplicaCount, replicas.Count);
        Assert.All(replicas, replica => Assert.Contains(replica.Snapshot.Commands,
            c => c.Name == DemoDataCommand.Name && c.DisplayName == "Seed demo data" && c.State == ResourceCommandState.Enabled));
    }

    private Task<Aspire.Hosting.ApplicationModel.ExecuteCommandResult> RunAsync(string links) =>
        shared.Stack.App.ResourceCommands.ExecuteCommandAsync(
            shared.Stack.ResourceIdOf("api"), DemoDataCommand.Name,
            new InteractionInputCollection([new() { Name = DemoDataCommand.LinksArgument, InputType = InputType.Number, Label = "Links", Value = links }]),
            Cancellation);

    private Task<long> DemoLinksAsync() =>
        ClickStore.ScalarAsync(shared.Stack, "SELECT count(*) FROM links l JOIN accounts a ON a.id = l.owner_id WHERE a.email_normalized = @email", ("email", DemoEmail));

    // From an address of its own, like TestUser: the suite's many sign-ins do not add up against one address's limit.
    private async Task<string> SignInAsync(string password)
    {
        var replicas = ApiEndpoints.Running(shared.Stack, IPAddress.Parse($"127.2.{Random.Shared.Next(0, 256)}.{Random.Shared.Next(2, 255)}"));
        try
        {
            return await TestUser.SignInAsync(replicas[0].Client, DemoEmail, password, Cancellation);
        }
        finally
        {
            foreach (var (_, client) in replicas)
            {
                client.Dispose();
            }
        }
    }

    private async Task<IReadOnlyList<string>> NewestCodesAsync(HttpClient api, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/links?limit=100");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await api.SendAsync(request, Cancellation);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        return [.. page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("code").GetString()!)];
    }

    private async Task<IReadOnlyList<(DateTime Day, long Clicks)>> DailySeriesAsync(HttpClient api, string token, string code)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/links/{code}/stats?interval=day");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await api.SendAsync(request, Cancellation);
        var stats = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        return [.. stats.GetProperty("series").EnumerateArray().Select(bucket => (bucket.GetProperty("t").GetDateTime(), bucket.GetProperty("clicks").GetInt64()))];
    }

    private async Task<long> ClicksRecordedAsync(HttpClient api)
    {
        var traffic = await api.GetFromJsonAsync<JsonElement>("/api/system/traffic", Cancellation);
        return traffic.GetProperty("clicksRecorded").GetInt64();
    }

    private string OperatorKey() => ApiEnvironment("Operator__Key");

    private string ApiEnvironment(string name) =>
        shared.Stack.Resources.First(r => r.Resource.Name == "api").Snapshot.EnvironmentVariables
            .FirstOrDefault(v => v.Name == name)?.Value
        ?? throw new InvalidOperationException($"The api has no {name}.");

    // The command's message: "5 links with 312 clicks added (account created). Sign in as demo@example.com with password …".
    private sealed record Seeded(int Links, int Clicks, string Account, string Password)
    {
        public static Seeded From(Aspire.Hosting.ApplicationModel.ExecuteCommandResult result)
        {
            Assert.True(result.Success, result.Message);
            var match = SeededMessage().Match(result.Message ?? "");
            Assert.True(match.Success, result.Message);
            return new Seeded(
                int.Parse(match.Groups["links"].Value, CultureInfo.InvariantCulture),
                int.Parse(match.Groups["clicks"].Value, CultureInfo.InvariantCulture),
                match.Groups["account"].Value,
                match.Groups["password"].Value);
        }
    }

    [GeneratedRegex(@"^(?<links>\d+) links with (?<clicks>\d+) clicks added \((?<account>[^)]+)\)\. Sign in as demo@example\.com with password (?<password>\S+)$")]
    private static partial Regex SeededMessage();
}
