using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Imports;

[Collection(FailureDrills.Name)]
public sealed class ImportBrokerOutageTests(FailureDrillStack drill)
{
    private static readonly TimeSpan ImportTimeout = TimeSpan.FromMinutes(2);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_import_uploaded_while_RabbitMQ_is_down_is_accepted_and_completes_once_the_broker_is_back()
    {
        using var api = ApiEndpoints.ThroughProxy(drill.Stack);
        var user = await TestUser.SignUpAsync(drill.Stack, Cancellation);
        var messaging = drill.Stack.ResourceIdOf("messaging");
        Guid importId;

        await drill.Stack.StopAsync(messaging, Cancellation);
        try
        {
            using var upload = user.Request(HttpMethod.Post, "/api/imports");
            upload.Content = new StringContent("url\nhttps://example.com/queued-while-down-1\nhttps://example.com/queued-while-down-2\n", Encoding.UTF8, "text/csv");
            using var accepted = await api.SendAsync(upload, Cancellation);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            importId = (await accepted.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("importId").GetGuid();
            Assert.Equal(0, await ClickStore.ScalarAsync(drill.Stack, "SELECT count(*) FROM imports WHERE id = @id AND dispatched", ("id", importId)));
        }
        finally
        {
            await drill.Stack.StartAgainAsync(messaging, Cancellation);
        }

        var status = await Eventually.HoldsAsync(async () =>
        {
            using var response = await api.SendAsync(user.Request(HttpMethod.Get, $"/api/imports/{importId}"), Cancellation);
            return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        }, s => s.GetProperty("status").GetString() == "completed", ImportTimeout, "the import sent again and completed");
        Assert.Equal(2, status.GetProperty("succeeded").GetInt32());
    }
}
