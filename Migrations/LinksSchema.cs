using DbUp;
using DbUp.Engine;
using DbUp.Postgresql;
using DbUp.ScriptProviders;
using Npgsql;

namespace Migrations;

// The links database's schema: the versioned SQL scripts embedded in this assembly (Scripts/*.sql), applied in
// name order, and DbUp's journal of the scripts a database has applied. The schema a build expects is every
// script it embeds: the migrator applies them, and the Worker waits until the journal holds them all.
public static class LinksSchema
{
    // The Aspire connection name of the database the schema lives in.
    public const string DatabaseName = "links";

    // DbUp names each script by its resource name, and journals it under that name (see Migrations.csproj).
    public static readonly IScriptProvider Scripts =
        new EmbeddedScriptProvider(typeof(LinksSchema).Assembly, name => name.EndsWith(".sql", StringComparison.Ordinal));

    // DbUp over this build's scripts and the database's journal; it logs to the logger given, or nowhere.
    public static UpgradeEngine Engine(NpgsqlDataSource dataSource, ILogger? logger)
    {
        var builder = DeployChanges.To
            .PostgresqlDatabase(new PostgresqlConnectionManager(dataSource))
            .WithScripts(Scripts)
            .WithTransactionPerScript();
        return (logger is null ? builder.LogToNowhere() : builder.LogTo(logger)).Build();
    }
}
