using System.Globalization;
using System.Net.Http.Json;
using ApiContract;
using Microsoft.Extensions.Configuration;

namespace AppHost.Dashboard;

// A dashboard command on the api that sends a redirect burst (ApiContract's RedirectBurst) from the
// AppHost. Every replica offers it and each sends through the api's shared endpoint, so it does not
// matter which one runs it. It asks the api for the newest links (GET /api/system/newest-codes, mapped
// in Development) and adds a few codes that do not exist, so hits, misses and not-found answers all move.
// Its one argument is the number of redirects (configured default, 1 to 100,000); Aspire checks it before the
// command runs and shows its progress dialog, with a Cancel button, while the burst runs.
public static class RedirectBurstCommand
{
    public const string Name = "send-redirect-burst";
    public const string RequestsKey = "Dashboard:RedirectBurst:Requests";
    public const string RequestsArgument = "requests";
    public const int DefaultRequests = 1000;
    public const int MaximumRequests = 100_000;
    public const int NewestLinks = 50;
    public const int FailuresBeforeStopping = 20;
    private const string NewestCodesPath = "/api/system/newest-codes";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    public static readonly IReadOnlyList<string> UnknownCodes = ["no-such-link-1", "no-such-link-2", "no-such-link-3"];

    public static IResourceBuilder<ProjectResource> WithRedirectBurstCommand(this IResourceBuilder<ProjectResource> api)
    {
        var requests = api.ApplicationBuilder.Configuration.GetValue(RequestsKey, DefaultRequests);
        if (requests is < 1 or > MaximumRequests)
        {
            throw new InvalidOperationException($"{RequestsKey} is {requests}; use a number from 1 to {MaximumRequests}.");
        }

        var endpoint = api.GetEndpoint("http");
        api.WithCommand(Name, "Send redirect burst",
            context => SendAsync(endpoint, RequestsOf(context.Arguments![RequestsArgument])!.Value, context.CancellationToken),
            new CommandOptions
            {
                Description = $"Sends redirects, {RedirectBurst.Concurrency} at a time, for the {NewestLinks} newest links and {UnknownCodes.Count} unknown codes.",
                IconName = "Flash",
                UpdateState = CommandState.WhenHealthy,
                Arguments =
                [
                    new InteractionInput
                    {
                        Name = RequestsArgument,
                        Label = "Redirects",
                        Description = string.Create(CultureInfo.InvariantCulture, $"How many redirects to send: 1 to {MaximumRequests:N0}."),
                        InputType = InputType.Number,
                        Required = true,
                        Value = requests.ToString(CultureInfo.InvariantCulture),
                    },
                ],
                ValidateArguments = context =>
                {
                    var input = context.Inputs[RequestsArgument];
                    if (RequestsOf(input) is null)
                    {
                        context.AddValidationError(input, string.Create(CultureInfo.InvariantCulture, $"Give a whole number from 1 to {MaximumRequests:N0}."));
                    }
                    return Task.CompletedTask;
                },
                Progress = new CommandProgressOptions { Title = "Redirect burst", Message = "Sending redirects to the api…" },
            });
        return api;
    }

    // The number of redirects the argument asks for, or null when it is not a whole number from 1 to MaximumRequests.
    private static int? RequestsOf(InteractionInput input) =>
        int.TryParse(input.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var requests) && requests is >= 1 and <= MaximumRequests
            ? requests
            : null;

    private static async Task<ExecuteCommandResult> SendAsync(EndpointReference endpoint, int requests, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(endpoint.Url), Timeout = RequestTimeout };
        IReadOnlyList<string> codes;
        try
        {
            var newest = await client.GetFromJsonAsync<List<string>>($"{NewestCodesPath}?count={NewestLinks}", cancellationToken) ?? [];
            codes = [.. newest, .. UnknownCodes];
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
        {
            return CommandResults.Failure($"Could not ask the api for the newest links: {exception.Message}");
        }

        var result = await RedirectBurst.SendAsync(client, codes, requests, FailuresBeforeStopping, cancellationToken);
        return result.Sent < result.Requested || result.Failed == result.Sent ? CommandResults.Failure(result.ToString()) : CommandResults.Success(result.ToString());
    }
}
