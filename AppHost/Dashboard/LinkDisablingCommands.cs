using System.Net.Http.Json;

namespace AppHost.Dashboard;

// Dashboard commands on the api for the operator's switch against abuse: "Disable link" (a code and a
// reason) and "Enable link" (a code). Each calls the api's operator endpoint with the operator key;
// the api answers once no replica, its L1 included, can still redirect the link.
public static class LinkDisablingCommands
{
    public const string DisableName = "disable-link";
    public const string EnableName = "enable-link";
    public const string CodeArgument = "code";
    public const string ReasonArgument = "reason";
    private const string KeyHeader = "X-Operator-Key";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public static IResourceBuilder<ProjectResource> WithLinkDisablingCommands(this IResourceBuilder<ProjectResource> api, IResourceBuilder<ParameterResource> operatorKey)
    {
        api.WithEnvironment("Operator__Key", operatorKey);
        var endpoint = api.GetEndpoint("http");
        api.WithCommand(DisableName, "Disable link",
            context => SendAsync(endpoint, operatorKey.Resource, HttpMethod.Put, context, context.Arguments?[ReasonArgument].Value),
            new CommandOptions
            {
                Description = "Turns off any account's short link: its redirect answers 410 Gone on every replica.",
                IconName = "LinkDismiss",
                UpdateState = CommandState.WhenHealthy,
                Arguments = [CodeInput(), new InteractionInput { Name = ReasonArgument, Label = "Reason", InputType = InputType.Text, Required = true, MaxLength = 500, Placeholder = "phishing report #123" }],
            });
        api.WithCommand(EnableName, "Enable link",
            context => SendAsync(endpoint, operatorKey.Resource, HttpMethod.Delete, context, reason: null),
            new CommandOptions
            {
                Description = "Turns a disabled short link back on.",
                IconName = "Link",
                UpdateState = CommandState.WhenHealthy,
                Arguments = [CodeInput()],
            });
        return api;
    }

    private static InteractionInput CodeInput() =>
        new() { Name = CodeArgument, Label = "Short code", InputType = InputType.Text, Required = true, MaxLength = 64 };

    private static async Task<ExecuteCommandResult> SendAsync(
        EndpointReference endpoint, ParameterResource operatorKey, HttpMethod method, ExecuteCommandContext context, string? reason)
    {
        var code = context.Arguments?[CodeArgument].Value?.Trim();
        if (string.IsNullOrEmpty(code))
        {
            return CommandResults.Failure("Give the short code of the link.");
        }
        using var client = new HttpClient { BaseAddress = new Uri(endpoint.Url), Timeout = RequestTimeout };
        using var request = new HttpRequestMessage(method, $"/api/operator/links/{Uri.EscapeDataString(code)}/disabled");
        request.Headers.Add(KeyHeader, await operatorKey.GetValueAsync(context.CancellationToken));
        if (reason is not null)
        {
            request.Content = JsonContent.Create(new { reason });
        }
        try
        {
            using var response = await client.SendAsync(request, context.CancellationToken);
            var body = await response.Content.ReadAsStringAsync(context.CancellationToken);
            return response.IsSuccessStatusCode
                ? CommandResults.Success()
                : CommandResults.Failure($"The api answered {(int)response.StatusCode}: {body}");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !context.CancellationToken.IsCancellationRequested)
        {
            return CommandResults.Failure($"Could not reach the api: {exception.Message}");
        }
    }
}
