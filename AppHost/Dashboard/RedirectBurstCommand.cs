using Microsoft.Extensions.Configuration;
using Npgsql;

namespace AppHost.Dashboard;

// A dashboard command on the api that sends a redirect burst (RedirectBurst) from the AppHost. Every
// replica offers it and each sends through the api's shared endpoint, so it does not matter which one
// runs it. It asks for the newest links and a few codes that do not exist, so hits, misses and
// not-found answers all move.
public static class RedirectBurstCommand
{
    public const string Name = "send-redirect-burst";
    public const string RequestsKey = "Dashboard:RedirectBurst:Requests";
    public const int DefaultRequests = 1000;
    public const int MaximumRequests = 100_000;
    public const int NewestLinks = 50;

    public static readonly IReadOnlyList<string> UnknownCodes = ["no-such-link-1", "no-such-link-2", "no-such-link-3"];

    public static IResourceBuilder<ProjectResource> WithRedirectBurstCommand(this IResourceBuilder<ProjectResource> api, IResourceBuilder<IResourceWithConnectionString> linksDatabase)
    {
        var requests = api.ApplicationBuilder.Configuration.GetValue(RequestsKey, DefaultRequests);
        if (requests is < 1 or > MaximumRequests)
        {
            throw new InvalidOperationException($"{RequestsKey} is {requests}; use a number from 1 to {MaximumRequests}.");
        }

        var endpoint = api.GetEndpoint("http");
        api.WithCommand(Name, "Send redirect burst", context => SendAsync(endpoint, linksDatabase.Resource, requests, context.CancellationToken),
            new CommandOptions
            {
                Description = $"Sends {requests} redirects, {RedirectBurst.Concurrency} at a time, for the {NewestLinks} newest links and {UnknownCodes.Count} unknown codes.",
                IconName = "Flash",
                UpdateState = CommandState.WhenHealthy,
            });
        return api;
    }

    private static async Task<ExecuteCommandResult> SendAsync(EndpointReference endpoint, IResourceWithConnectionString linksDatabase, int requests, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> codes;
        try
        {
            codes = [.. await NewestCodesAsync(linksDatabase, cancellationToken), .. UnknownCodes];
        }
        catch (NpgsqlException exception)
        {
            return CommandResults.Failure($"Could not read link codes from '{linksDatabase.Name}': {exception.Message}");
        }

        var result = await RedirectBurst.SendAsync(new Uri(endpoint.Url), codes, requests, cancellationToken);
        return result.Sent < result.Requested || result.Failed == result.Sent ? CommandResults.Failure(result.ToString()) : CommandResults.Success(result.ToString());
    }

    private static async Task<List<string>> NewestCodesAsync(IResourceWithConnectionString linksDatabase, CancellationToken cancellationToken)
    {
        var connectionString = await linksDatabase.ConnectionStringExpression.GetValueAsync(cancellationToken);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT code FROM links WHERE deleted_at IS NULL ORDER BY created_at DESC LIMIT $1", connection)
        {
            Parameters = { new() { Value = NewestLinks } },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var codes = new List<string>(NewestLinks);
        while (await reader.ReadAsync(cancellationToken))
        {
            codes.Add(reader.GetString(0));
        }
        return codes;
    }
}
