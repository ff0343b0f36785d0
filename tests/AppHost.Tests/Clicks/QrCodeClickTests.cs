using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Clicks;

// A QR code request (GET /{code}/qr) is neither a click nor a visit: counted once the pipeline has settled
// (ClickPipelineSettling), so a click that a QR request wrongly sent could not still be on its way.
[Collection(FailureDrills.Name)]
public sealed class QrCodeClickTests(FailureDrillStack drill)
{
    private const int QrRequests = 20;
    private static readonly TimeSpan PipelineTimeout = TimeSpan.FromSeconds(90);

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Many_qr_codes_of_a_maxVisits_1_link_count_no_click_and_leave_its_one_redirect()
    {
        // One replica throughout: its click buffer sends in order, so once the redirect's click is stored every click an
        // earlier QR request could have sent has reached the broker.
        var replica = ApiEndpoints.EachReplica(drill.Stack)[0].Client;
        var user = await TestUser.SignUpAsync(drill.Stack, Cancellation);
        const string target = "https://example.com/qr-once";
        using var created = await replica.SendAsync(user.Request(HttpMethod.Post, "/api/links", new { url = target, maxVisits = 1 }), Cancellation);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var code = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("code").GetString()!;

        for (var i = 0; i < QrRequests; i++)
        {
            using var qr = await replica.GetAsync($"/{code}/qr{(i % 2 == 0 ? "" : "?format=svg")}", Cancellation);
            Assert.True(qr.StatusCode == HttpStatusCode.OK, $"QR request {i + 1} answered {qr.StatusCode}");
        }

        using (var visit = await replica.GetAsync("/" + code, Cancellation))
        {
            Assert.Equal(HttpStatusCode.Found, visit.StatusCode);
            Assert.Equal(target, visit.Headers.Location?.AbsoluteUri);
        }
        using (var second = await replica.GetAsync("/" + code, Cancellation))
        {
            Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        }
        using (var qrAfter = await replica.GetAsync($"/{code}/qr", Cancellation))
        {
            Assert.Equal(HttpStatusCode.NotFound, qrAfter.StatusCode);
        }
        await Eventually.HoldsAsync(() => ClickStore.ClicksAsync(drill.Stack, code), count => count >= 1, PipelineTimeout, "the redirect's click stored");
        await ClickPipelineSettling.SettleAsync(drill.Stack, Cancellation);

        Assert.Equal(1, await ClickStore.ClicksAsync(drill.Stack, code));
        Assert.Equal(1, await ClickStore.TotalAsync(drill.Stack, code));
    }
}
