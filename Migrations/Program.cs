using Migrations;
using Npgsql;

// The run-once step the AppHost finishes before the api and the Worker start: brings the links schema up to this
// build's scripts, then exits 0, or 1 when it could not (the dashboard shows it Finished or failed either way).
var builder = Host.CreateApplicationBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource(LinksSchema.DatabaseName, configureDataSourceBuilder: dataSource =>
    dataSource.ConnectionStringBuilder.MaxPoolSize = SchemaMigration.MaximumPoolSize);
// As in the services' appsettings: DbUp's own lines say what ran, without each command's.
builder.Logging.AddFilter("Npgsql", LogLevel.Warning);

using var host = builder.Build();
var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SchemaMigration));

// Started for its telemetry exporters; disposed on exit, which sends what they still hold.
await host.StartAsync();
var exitCode = 0;
try
{
    await SchemaMigration.RunAsync(
        host.Services.GetRequiredService<NpgsqlDataSource>(),
        logger,
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping,
        host.Services.GetRequiredService<IConfiguration>().GetValue<TimeSpan?>(MigrationsAtStart.LockTimeoutKey));
}
catch (Exception exception)
{
    logger.LogCritical(exception, "The links schema migration failed");
    exitCode = 1;
}
await host.StopAsync();
return exitCode;
