using Microsoft.Extensions.Options;
using Migrations;
using Npgsql;

namespace Api.DemoData;

// With DemoData:SeedOnFirstStart, seeds the demo account when a replica starts and the database has no
// demo account yet. Every replica may start at once: a transaction-scoped advisory lock lets one seed
// while the others wait, and those then find the account and leave it be.
public sealed class DemoDataFirstStart(
    NpgsqlDataSource primary,
    DemoDataSeeder seeder,
    IOptions<DemoDataOptions> options,
    ILogger<DemoDataFirstStart> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SeedOnFirstStart)
        {
            return;
        }
        await SchemaVersion.WaitUntilCurrentAsync(primary, logger, stoppingToken);
        try
        {
            await SeedUnlessSeededAsync(stoppingToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Seeding demo data on first start failed; run the dashboard's \"Seed demo data\" command instead");
        }
    }

    private async Task SeedUnlessSeededAsync(CancellationToken cancellationToken)
    {
        await using var connection = await primary.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var takeLock = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('demo-data', 0))", connection, transaction))
        {
            await takeLock.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var find = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM accounts WHERE email_normalized = @email)", connection, transaction))
        {
            find.Parameters.AddWithValue("email", DemoDataSeeder.Email);
            if ((bool)(await find.ExecuteScalarAsync(cancellationToken))!)
            {
                logger.LogInformation("Demo data: {Email} exists already; not seeding", DemoDataSeeder.Email);
                return;
            }
        }
        await seeder.SeedAsync(options.Value.FirstStartLinks, cancellationToken);
        // No password in a log: the dashboard shows it (the "demopassword" parameter, and the command's result).
        logger.LogInformation("Demo data seeded on first start: sign in as {Email} with the password of the AppHost's demopassword parameter", DemoDataSeeder.Email);
        await transaction.CommitAsync(cancellationToken);
    }
}
