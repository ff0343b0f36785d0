using Npgsql;

namespace Migrations;

// Published to Container Apps there is no run-once step before the services (docs/deploy.md): the AppHost sets
// Migrations__RunAtStart on the api, and each replica migrates at start, before it serves, under the advisory lock.
public static class MigrationsAtStart
{
    public const string EnabledKey = "Migrations:RunAtStart";
    public const string LockTimeoutKey = "Migrations:LockTimeout";

    public static async Task MigrateAtStartIfEnabledAsync(this IHost host)
    {
        var services = host.Services;
        if (!services.GetRequiredService<IConfiguration>().GetValue<bool>(EnabledKey))
        {
            return;
        }
        var configuration = services.GetRequiredService<IConfiguration>();
        await SchemaMigration.RunAsync(
            services.GetRequiredService<NpgsqlDataSource>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SchemaMigration)),
            services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping,
            configuration.GetValue<TimeSpan?>(LockTimeoutKey));
    }
}
