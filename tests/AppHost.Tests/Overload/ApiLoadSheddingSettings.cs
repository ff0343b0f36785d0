using System.Text.Json;
using AppHost.Tests.Deployment;

namespace AppHost.Tests.Overload;

// The api's per-replica concurrency limits as Api/appsettings.json states them (section "LoadShedding").
public sealed record ApiLoadSheddingSettings(int PermitLimit, int QueueLimit)
{
    // What one replica takes at once before it sheds: the requests running plus those waiting their turn.
    public int Capacity => PermitLimit + QueueLimit;

    public static ApiLoadSheddingSettings For(string limit)
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("Api", "appsettings.json")));
        var section = settings.RootElement.GetProperty("LoadShedding").GetProperty(limit);
        return new(section.GetProperty("PermitLimit").GetInt32(), section.GetProperty("QueueLimit").GetInt32());
    }

    public static int ApiPrimaryPoolSize()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("Api", "appsettings.json")));
        return settings.RootElement.GetProperty("ConnectionPools").GetProperty("PrimaryMaximumSize").GetInt32();
    }
}
