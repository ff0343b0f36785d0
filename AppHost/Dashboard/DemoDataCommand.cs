using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace AppHost.Dashboard;

// The api's "Seed demo data" command: asks the api's operator endpoint (POST /api/operator/demo-data, with
// the operator key) for a number of demo links with a month of clicks, and shows the demo account's sign-in.
// In Development the api also seeds once on its first start (DemoData:SeedOnFirstStart; off with =false).
// Run, the demo account's password is the "demopassword" parameter (generated once and kept like the keys), so
// the dashboard shows the first start's sign-in too; published, there is no such parameter and each seeding makes one.
public static class DemoDataCommand
{
    public const string Name = "seed-demo-data";
    public const string LinksArgument = "links";
    public const string SeedOnFirstStartKey = "DemoData:SeedOnFirstStart";
    public const string PasswordParameter = "demopassword";
    public const int MinimumLinks = 1;
    public const int MaximumLinks = 500;
    public const int DefaultLinks = 20;
    private const string Path = "/api/operator/demo-data";
    private const string KeyHeader = "X-Operator-Key";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(2);

    public static IResourceBuilder<ProjectResource> WithDemoData(this IResourceBuilder<ProjectResource> api, IResourceBuilder<ParameterResource> operatorKey)
    {
        var builder = api.ApplicationBuilder;
        // Run mode only: published, the api keeps its default (no seeding) and the manifest names no demo settings.
        if (builder.ExecutionContext.IsRunMode)
        {
            var seedOnFirstStart = builder.Configuration.GetValue(SeedOnFirstStartKey, builder.Environment.IsDevelopment());
            api.WithEnvironment("DemoData__SeedOnFirstStart", seedOnFirstStart ? "true" : "false");
            var password = builder.AddParameter(PasswordParameter, new GenerateParameterDefault { MinLength = 20, Special = false }, secret: true, persist: true)
                .WithDescription("The password of the demo account (demo@example.com) that the \"Seed demo data\" command and the first start seed.");
            api.WithEnvironment("DemoData__Password", password);
        }

        var endpoint = api.GetEndpoint("http");
        api.WithCommand(Name, "Seed demo data", context => SendAsync(endpoint, operatorKey.Resource, context),
            new CommandOptions
            {
                Description = "Adds demo links with clicks over the last 30 days to the demo account (created the first time) and shows its sign-in.",
                IconName = "DatabaseArrowUp",
                UpdateState = CommandState.WhenHealthy,
                Progress = new CommandProgressOptions { Message = "Creating the demo links and their clicks…" },
                ValidateArguments = validation =>
                {
                    var input = validation.Inputs[LinksArgument];
                    if (LinksProblem(input.Value) is { } problem)
                    {
                        validation.AddValidationError(input, problem);
                    }
                    return Task.CompletedTask;
                },
                Arguments =
                [
                    new InteractionInput
                    {
                        Name = LinksArgument, Label = "Links", InputType = InputType.Number, Required = true,
                        Value = DefaultLinks.ToString(CultureInfo.InvariantCulture),
                        Description = $"How many links to add, {MinimumLinks} to {MaximumLinks}.",
                    },
                ],
            });
        return api;
    }

    private static async Task<ExecuteCommandResult> SendAsync(EndpointReference endpoint, ParameterResource operatorKey, ExecuteCommandContext context)
    {
        var value = context.Arguments?[LinksArgument].Value;
        if (LinksProblem(value) is { } problem)
        {
            return CommandResults.Failure(problem);
        }
        var links = int.Parse(value!, NumberStyles.None, CultureInfo.InvariantCulture);
        using var client = new HttpClient { BaseAddress = new Uri(endpoint.Url), Timeout = RequestTimeout };
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = JsonContent.Create(new { links }) };
        request.Headers.Add(KeyHeader, await operatorKey.GetValueAsync(context.CancellationToken));
        try
        {
            using var response = await client.SendAsync(request, context.CancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return CommandResults.Failure($"The api answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(context.CancellationToken)}");
            }
            var seeded = await response.Content.ReadFromJsonAsync<Seeded>(context.CancellationToken);
            return CommandResults.Success(
                $"{seeded!.Links} links with {seeded.Clicks} clicks added ({(seeded.AccountCreated ? "account created" : "to the existing account")}). " +
                $"Sign in as {seeded.Email} with password {seeded.Password}");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !context.CancellationToken.IsCancellationRequested)
        {
            return CommandResults.Failure($"Could not reach the api: {exception.Message}");
        }
    }

    private static string? LinksProblem(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var links) && links is >= MinimumLinks and <= MaximumLinks
            ? null
            : $"Give the number of links as a whole number from {MinimumLinks} to {MaximumLinks}.";

    private sealed record Seeded(string Email, string Password, bool AccountCreated, int Links, int Clicks);
}
