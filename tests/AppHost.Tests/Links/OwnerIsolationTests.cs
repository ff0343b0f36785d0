using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AppHost.Tests.Infrastructure;

namespace AppHost.Tests.Links;

public sealed class OwnerIsolationTests(SharedStack shared)
{
    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Another_user_cannot_read_edit_delete_or_list_a_link_and_is_told_404_as_if_it_did_not_exist()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var owner = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var other = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var code = (await owner.CreateLinkAsync(api, "https://example.com/owned", Cancellation)).GetProperty("code").GetString()!;
        var before = await StoreSnapshot.TakeAsync(shared.Stack, Cancellation);

        using var read = await api.SendAsync(other.Request(HttpMethod.Get, $"/api/links/{code}"), Cancellation);
        using var edit = await api.SendAsync(other.Request(HttpMethod.Put, $"/api/links/{code}", new { url = "https://evil.example/" }), Cancellation);
        using var delete = await api.SendAsync(other.Request(HttpMethod.Delete, $"/api/links/{code}"), Cancellation);
        using var missing = await api.SendAsync(other.Request(HttpMethod.Get, "/api/links/never-existed-code"), Cancellation);
        using var list = await api.SendAsync(other.Request(HttpMethod.Get, "/api/links"), Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(await missing.Content.ReadFromJsonAsync<JsonElement>(Cancellation) is var m ? m.GetProperty("title").GetString() : null,
            (await read.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("title").GetString());
        Assert.Empty((await list.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("items").EnumerateArray());
        Assert.Empty((await StoreSnapshot.TakeAsync(shared.Stack, Cancellation)).ChangesSince(before));
        using var redirect = await api.GetAsync("/" + code, Cancellation);
        Assert.Equal("https://example.com/owned", redirect.Headers.Location?.AbsoluteUri);
    }
}
