using Npgsql;

namespace Migrations;

// Whether the links schema is at least the version this build carries: DbUp's journal holds every script embedded
// here. A service checks it before it uses the schema, since when published the api replicas migrate while it starts.
public static class SchemaVersion
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaximumWait = TimeSpan.FromMinutes(5);

    // This build's scripts that the database's journal does not hold, in the order they would run.
    public static IReadOnlyList<string> MissingScripts(NpgsqlDataSource dataSource) =>
        [.. LinksSchema.Engine(dataSource, logger: null).GetScriptsToExecute().Select(script => script.Name)];

    // Polls until no script is missing. After MaximumWait it gives up with an exception, which stops the service:
    // its platform starts it again, and the failure shows.
    public static async Task WaitUntilCurrentAsync(NpgsqlDataSource dataSource, ILogger logger, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + MaximumWait;
        while (true)
        {
            try
            {
                IReadOnlyList<string> missing;
                using (UntracedPolling.Begin())
                {
                    missing = MissingScripts(dataSource);
                }
                if (missing.Count == 0)
                {
                    return;
                }
                logger.LogInformation("Waiting for the links schema migration: {Count} of this build's scripts not applied yet, from {FirstMissing}", missing.Count, missing[0]);
            }
            catch (NpgsqlException exception) when (exception.IsTransient)
            {
                logger.LogInformation("Waiting for the links database to check its schema: {Reason}", exception.Message);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The links schema was not at this build's version after {MaximumWait}: has the migration failed?");
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
