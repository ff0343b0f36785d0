using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ApiContract;
using AppHost.Tests.Infrastructure;
using Npgsql;

namespace AppHost.Tests.Keys;

// API keys on the real stack: each replica is asked on its own port, so "every replica" means all three.
public sealed class ApiKeyTests(SharedStack shared)
{
    private const int RequestsPerKeyPerMinute = SharedStack.ApiKeyRequestsPerMinute;

    // ApiKeyOptions.MaximumPerAccount, the Api's default.
    private const int KeysPerAccount = 20;

    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_key_creates_and_lists_links_at_once_on_every_replica()
    {
        var replicas = ApiEndpoints.EachReplica(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var key = await CreateKeyAsync(replicas[0].Client, user, "deploy script");

        foreach (var (replica, client) in replicas)
        {
            using var created = await client.SendAsync(WithKey(HttpMethod.Post, "/api/links", key, new { url = $"https://example.com/by-key/{replica}" }), Cancellation);
            Assert.True(created.StatusCode == HttpStatusCode.Created, $"{replica} answered {created.StatusCode} to a key created a moment ago");
            var code = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("code").GetString();

            using var listed = await client.SendAsync(WithKey(HttpMethod.Get, "/api/links", key), Cancellation);
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
            var codes = (await listed.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString());
            Assert.Contains(code, codes);
        }

        // The links are the owner's: the bearer token sees all three (it does not carry the key's consistency token).
        await Eventually.HoldsAsync(async () =>
        {
            using var ownersList = await replicas[1].Client.SendAsync(user.Request(HttpMethod.Get, "/api/links"), Cancellation);
            return (await ownersList.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("items").GetArrayLength();
        }, count => count == 3, TimeSpan.FromSeconds(10), "the owner's bearer token listing the key's three links");
        Dispose(replicas);
    }

    [Fact]
    public async Task A_key_uploads_an_import_and_follows_its_progress()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var key = await CreateKeyAsync(api, user, "importer");

        using var upload = WithKey(HttpMethod.Post, "/api/imports", key);
        upload.Content = new StringContent("url\nhttps://example.com/imported-by-key\n", System.Text.Encoding.UTF8, "text/csv");
        using var accepted = await api.SendAsync(upload, Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var importId = (await accepted.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("importId").GetGuid();

        using var progress = await api.SendAsync(WithKey(HttpMethod.Get, $"/api/imports/{importId}", key), Cancellation);
        Assert.Equal(HttpStatusCode.OK, progress.StatusCode);
    }

    // 401, not 403: those endpoints do not take the key scheme at all, so a request with only a key is unauthenticated there.
    [Fact]
    public async Task A_key_cannot_manage_keys_or_the_account()
    {
        var replicas = ApiEndpoints.EachReplica(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var key = await CreateKeyAsync(replicas[0].Client, user, "limited");

        foreach (var (replica, client) in replicas)
        {
            foreach (var (method, path) in new[]
            {
                (HttpMethod.Get, "/api/keys"),
                (HttpMethod.Post, "/api/keys"),
                (HttpMethod.Delete, $"/api/keys/{key.Id}"),
                (HttpMethod.Post, "/api/auth/refresh"),
                (HttpMethod.Post, "/api/auth/logout"),
            })
            {
                using var refused = await client.SendAsync(WithKey(method, path, key, method == HttpMethod.Post && path == "/api/keys" ? new { name = "minted by a key" } : null), Cancellation);
                Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"{replica}: {method} {path} with a key answered {refused.StatusCode}");
                Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            }
        }

        // Nothing was minted or revoked: the owner still has the one key, and it still works.
        Assert.Single(await ListKeysAsync(replicas[0].Client, user));
        using var stillWorks = await replicas[0].Client.SendAsync(WithKey(HttpMethod.Get, "/api/links", key), Cancellation);
        Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);
        Dispose(replicas);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_by_every_replica_as_soon_as_the_delete_answers()
    {
        var replicas = ApiEndpoints.EachReplica(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var key = await CreateKeyAsync(replicas[0].Client, user, "to revoke");
        var other = await CreateKeyAsync(replicas[0].Client, user, "to keep");
        foreach (var (replica, client) in replicas)
        {
            using var accepted = await client.SendAsync(WithKey(HttpMethod.Get, "/api/links", key), Cancellation);
            Assert.True(accepted.StatusCode == HttpStatusCode.OK, $"{replica} answered {accepted.StatusCode} before the revocation");
        }

        using (var revoked = await replicas[1].Client.SendAsync(user.Request(HttpMethod.Delete, $"/api/keys/{key.Id}"), Cancellation))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        foreach (var (replica, client) in replicas)
        {
            using var refused = await client.SendAsync(WithKey(HttpMethod.Get, "/api/links", key), Cancellation);
            Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"{replica} answered {refused.StatusCode} right after the key was revoked");
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            using var kept = await client.SendAsync(WithKey(HttpMethod.Get, "/api/links", other), Cancellation);
            Assert.True(kept.StatusCode == HttpStatusCode.OK, $"{replica} answered {kept.StatusCode} to the owner's other key");
        }
        using var again = await replicas[2].Client.SendAsync(user.Request(HttpMethod.Delete, $"/api/keys/{key.Id}"), Cancellation);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Dispose(replicas);
    }

    [Fact]
    public async Task An_expired_key_is_refused_by_every_replica()
    {
        var replicas = ApiEndpoints.EachReplica(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var key = await CreateKeyAsync(replicas[0].Client, user, "short-lived", DateTimeOffset.UtcNow.AddHours(1));
        using (var accepted = await replicas[0].Client.SendAsync(WithKey(HttpMethod.Get, "/api/links", key), Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        // The Api refuses an expiry in the past, so the hour passes in the database.
        await using (var postgres = new NpgsqlConnection(shared.Stack.ConnectionString("links")))
        {
            await postgres.OpenAsync(Cancellation);
            await using var expire = new NpgsqlCommand("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = @id", postgres);
            expire.Parameters.AddWithValue("id", key.Id);
            Assert.Equal(1, await expire.ExecuteNonQueryAsync(Cancellation));
        }

        foreach (var (replica, client) in replicas)
        {
            using var refused = await client.SendAsync(WithKey(HttpMethod.Get, "/api/links", key), Cancellation);
            Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"{replica} answered {refused.StatusCode} to an expired key");
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }
        Dispose(replicas);
    }

    [Theory]
    [InlineData("lsk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not a key at all")]
    [InlineData("lsk_")]
    public async Task An_unknown_key_answers_401_problem_json_that_says_what_is_wrong(string unknownKey)
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/links");
        request.Headers.Add(ContractHeaders.ApiKey, unknownKey);

        using var response = await api.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("API key", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Another_accounts_key_cannot_see_or_change_my_links()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var me = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var stranger = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var mine = (await me.CreateLinkAsync(api, "https://example.com/mine", Cancellation)).GetProperty("code").GetString()!;
        var strangersKey = await CreateKeyAsync(api, stranger, "stranger");

        using var list = await api.SendAsync(WithKey(HttpMethod.Get, "/api/links", strangersKey), Cancellation);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(0, (await list.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("items").GetArrayLength());
        using var get = await api.SendAsync(WithKey(HttpMethod.Get, $"/api/links/{mine}", strangersKey), Cancellation);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        using var update = await api.SendAsync(WithKey(HttpMethod.Put, $"/api/links/{mine}", strangersKey, new { url = "https://evil.example/" }), Cancellation);
        Assert.Equal(HttpStatusCode.NotFound, update.StatusCode);
        using var stats = await api.SendAsync(WithKey(HttpMethod.Get, $"/api/links/{mine}/stats", strangersKey), Cancellation);
        Assert.Equal(HttpStatusCode.NotFound, stats.StatusCode);
        using var redirect = await api.GetAsync("/" + mine, Cancellation);
        Assert.Equal("https://example.com/mine", redirect.Headers.Location?.AbsoluteUri);
    }

    [Fact]
    public async Task The_list_shows_each_key_without_its_secret_and_when_it_was_last_used()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var expiresAt = DateTimeOffset.UtcNow.AddDays(30);
        var used = await CreateKeyAsync(api, user, "used", expiresAt);
        var unused = await CreateKeyAsync(api, user, "unused");
        Assert.StartsWith("lsk_", used.Key);

        using (var call = await api.SendAsync(WithKey(HttpMethod.Get, "/api/links", used), Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        }
        using var response = await api.SendAsync(user.Request(HttpMethod.Get, "/api/keys"), Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);

        Assert.DoesNotContain(used.Key, body, StringComparison.Ordinal);
        Assert.DoesNotContain(unused.Key, body, StringComparison.Ordinal);
        var keys = JsonDocument.Parse(body).RootElement.EnumerateArray().ToList();
        Assert.Equal([unused.Id, used.Id], keys.Select(k => k.GetProperty("id").GetGuid()));
        Assert.All(keys, k => Assert.False(k.TryGetProperty("key", out _)));
        var usedItem = keys[1];
        Assert.Equal("used", usedItem.GetProperty("name").GetString());
        Assert.Equal(expiresAt.ToUnixTimeSeconds(), usedItem.GetProperty("expiresAt").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.True(DateTimeOffset.UtcNow - usedItem.GetProperty("lastUsedAt").GetDateTimeOffset() < TimeSpan.FromMinutes(1));
        Assert.Equal(JsonValueKind.Null, keys[0].GetProperty("lastUsedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, keys[0].GetProperty("expiresAt").ValueKind);
    }

    [Fact]
    public async Task A_key_over_its_own_limit_gets_429_with_retry_after_on_every_replica_while_another_key_goes_on()
    {
        var replicas = ApiEndpoints.EachReplica(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var busy = await CreateKeyAsync(replicas[0].Client, user, "busy");
        var calm = await CreateKeyAsync(replicas[0].Client, user, "calm");

        // Spread over the replicas: a limit counted per replica would let three times as many through.
        var sent = 0;
        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            var mine = new List<HttpStatusCode>();
            int next;
            while ((next = Interlocked.Increment(ref sent)) <= RequestsPerKeyPerMinute)
            {
                using var response = await replicas[next % replicas.Count].Client.SendAsync(WithKey(HttpMethod.Get, $"/api/imports/{Guid.NewGuid()}", busy), Cancellation);
                mine.Add(response.StatusCode);
            }
            return mine;
        }));
        Assert.All(statuses.SelectMany(s => s), status => Assert.Equal(HttpStatusCode.NotFound, status));

        foreach (var (replica, client) in replicas)
        {
            using var limited = await client.SendAsync(WithKey(HttpMethod.Get, "/api/links", busy), Cancellation);
            Assert.True(limited.StatusCode == HttpStatusCode.TooManyRequests, $"{replica} answered {limited.StatusCode} past the key's limit");
            Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
            Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
            using var other = await client.SendAsync(WithKey(HttpMethod.Get, "/api/links", calm), Cancellation);
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }
        // The owner's bearer token is not held back by the key's limit.
        using var owner = await replicas[0].Client.SendAsync(user.Request(HttpMethod.Get, "/api/links"), Cancellation);
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
        Dispose(replicas);
    }

    [Fact]
    public async Task An_account_holds_at_most_its_maximum_of_keys_and_revoking_one_frees_a_place()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var first = await CreateKeyAsync(api, user, "key 0");
        // Concurrent creations must not both take the last place.
        await Task.WhenAll(Enumerable.Range(1, KeysPerAccount - 1).Select(i => CreateKeyAsync(api, user, $"key {i}")));

        var extra = await Task.WhenAll(Enumerable.Range(0, 3).Select(async i =>
        {
            using var response = await api.SendAsync(user.Request(HttpMethod.Post, "/api/keys", new { name = $"one too many {i}" }), Cancellation);
            return (response.StatusCode, Body: await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation));
        }));
        Assert.All(extra, e =>
        {
            Assert.Equal(HttpStatusCode.Conflict, e.StatusCode);
            Assert.Equal("Too many API keys", e.Body.GetProperty("title").GetString());
        });
        Assert.Equal(KeysPerAccount, (await ListKeysAsync(api, user)).Count);

        using (var revoked = await api.SendAsync(user.Request(HttpMethod.Delete, $"/api/keys/{first.Id}"), Cancellation))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }
        await CreateKeyAsync(api, user, "in the freed place");
    }

    [Fact]
    public async Task The_openapi_document_describes_the_key_endpoints_and_which_endpoints_take_a_key()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);

        var document = await api.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Cancellation);

        var paths = document.GetProperty("paths");
        Assert.Equal(["get", "post"], paths.GetProperty("/api/keys").EnumerateObject().Select(o => o.Name).Order());
        Assert.Equal(["delete"], paths.GetProperty("/api/keys/{id}").EnumerateObject().Select(o => o.Name));
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal(ContractHeaders.ApiKey, scheme.GetProperty("name").GetString());
        // Each security requirement is an alternative: links take either, keys and the account only the bearer token.
        Assert.Equal(["ApiKey", "Bearer"], SchemesOf(paths.GetProperty("/api/links").GetProperty("post")));
        Assert.Equal(["ApiKey", "Bearer"], SchemesOf(paths.GetProperty("/api/imports").GetProperty("post")));
        Assert.Equal(["Bearer"], SchemesOf(paths.GetProperty("/api/keys").GetProperty("post")));
        Assert.Equal(["Bearer"], SchemesOf(paths.GetProperty("/api/auth/logout").GetProperty("post")));
    }

    private static IEnumerable<string> SchemesOf(JsonElement operation) =>
        operation.GetProperty("security").EnumerateArray().SelectMany(requirement => requirement.EnumerateObject().Select(s => s.Name)).Order();

    private sealed record IssuedKey(Guid Id, string Key);

    private async Task<IssuedKey> CreateKeyAsync(HttpClient api, TestUser user, string name, DateTimeOffset? expiresAt = null)
    {
        using var response = await api.SendAsync(user.Request(HttpMethod.Post, "/api/keys", expiresAt is null ? new { name } : new { name, expiresAt = expiresAt.Value.ToString("O") }), Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"creating a key answered {response.StatusCode}: {await response.Content.ReadAsStringAsync(Cancellation)}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(name, body.GetProperty("name").GetString());
        return new IssuedKey(body.GetProperty("id").GetGuid(), body.GetProperty("key").GetString()!);
    }

    private async Task<IReadOnlyList<JsonElement>> ListKeysAsync(HttpClient api, TestUser user)
    {
        using var response = await api.SendAsync(user.Request(HttpMethod.Get, "/api/keys"), Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).EnumerateArray()];
    }

    private static HttpRequestMessage WithKey(HttpMethod method, string path, IssuedKey key, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(ContractHeaders.ApiKey, key.Key);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return request;
    }

    private static void Dispose(IReadOnlyList<(string Replica, HttpClient Client)> replicas)
    {
        foreach (var (_, client) in replicas)
        {
            client.Dispose();
        }
    }
}
