using DbUp.Postgresql;
using Migrations;

namespace AppHost.Tests.Schema;

// DbUp journals each script by name and runs any name its journal lacks: a renamed script would run again on every
// existing database. These are the names the Api journaled when the scripts were embedded in it (Api/Data/Migrations/).
public sealed class JournaledScriptNamesTests
{
    [Fact]
    public void The_scripts_keep_the_names_databases_have_journaled()
    {
        string[] journaled =
        [
            "Api.Data.Migrations.0001_accounts_and_links.sql",
            "Api.Data.Migrations.0002_clicks.sql",
            "Api.Data.Migrations.0003_imports.sql",
            "Api.Data.Migrations.0004_imports_by_owner.sql",
            "Api.Data.Migrations.0005_link_disabling.sql",
            "Api.Data.Migrations.0006_import_sweeping.sql",
            "Api.Data.Migrations.0007_clicks_by_time.sql",
            "Api.Data.Migrations.0008_api_keys.sql",
            "Api.Data.Migrations.0009_link_fields.sql",
            "Api.Data.Migrations.0010_unique_visitors.sql",
            "Api.Data.Migrations.0011_clicks_by_code_and_time.sql",
        ];
        var names = LinksSchema.Scripts.GetScripts(new PostgresqlConnectionManager("Host=never-opened")).Select(script => script.Name).ToList();

        Assert.Equal(journaled, names);
    }
}
