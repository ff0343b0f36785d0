using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ApiContract;
using AppHost.Tests.Infrastructure;
using Npgsql;

namespace AppHost.Tests.Links;

public sealed class AccountTests(SharedStack shared)
{
    private CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_registered_user_gets_a_bearer_token_and_a_second_registration_of_the_email_is_a_conflict()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);

        using var again = await api.PostAsJsonAsync("/api/auth/register", new { email = user.Email.ToUpperInvariant(), password = user.Password }, Cancellation);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Email already registered", (await again.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("wrong password")]
    [InlineData(null)]
    public async Task Bad_credentials_answer_401_without_saying_which_part_was_wrong(string? password)
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var email = password is null ? "nobody-" + user.Email : user.Email;

        using var response = await api.PostAsJsonAsync("/api/auth/token", new { email, password = password ?? user.Password }, Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Invalid email or password", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Signing_out_through_one_replica_revokes_every_token_of_that_session_on_every_replica_at_once_and_no_other_session()
    {
        var replicas = ApiEndpoints.EachReplica(shared.Stack);
        Assert.Equal(3, replicas.Count);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var otherSession = await TestUser.SignInAsync(replicas[2].Client, user.Email, user.Password, Cancellation);

        // A renewed token is a new token of the same session.
        using var refreshed = await SendAsync(replicas[0].Client, HttpMethod.Post, "/api/auth/refresh", user.Token);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var renewed = (await refreshed.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("accessToken").GetString()!;
        Assert.NotEqual(user.Token, renewed);

        using (var signedOut = await SendAsync(replicas[1].Client, HttpMethod.Post, "/api/auth/logout", user.Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        }

        foreach (var (replica, client) in replicas)
        {
            foreach (var token in new[] { user.Token, renewed })
            {
                using var refused = await SendAsync(client, HttpMethod.Get, "/api/links", token);
                Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"{replica} answered {refused.StatusCode} to a signed-out session's token");
            }
            using var refusedRenewal = await SendAsync(client, HttpMethod.Post, "/api/auth/refresh", renewed);
            Assert.Equal(HttpStatusCode.Unauthorized, refusedRenewal.StatusCode);
            using var other = await SendAsync(client, HttpMethod.Get, "/api/links", otherSession);
            Assert.True(other.StatusCode == HttpStatusCode.OK, $"{replica} answered {other.StatusCode} to the user's other session");
        }
        foreach (var (_, client) in replicas)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task Access_tokens_live_15_minutes_and_name_their_session()
    {
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        using var issued = await api.PostAsJsonAsync("/api/auth/token", new { email = user.Email, password = user.Password }, Cancellation);
        var body = await issued.Content.ReadFromJsonAsync<JsonElement>(Cancellation);

        Assert.Equal(15 * 60, body.GetProperty("expiresIn").GetInt32());
        var payload = JsonDocument.Parse(Convert.FromBase64String(Base64(body.GetProperty("accessToken").GetString()!.Split('.')[1]))).RootElement;
        Assert.Equal(15 * 60, payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64());
        Assert.False(string.IsNullOrEmpty(payload.GetProperty("sid").GetString()));
        Assert.False(string.IsNullOrEmpty(payload.GetProperty("jti").GetString()));
    }

    [Fact]
    public async Task A_password_hash_with_fewer_iterations_is_stored_again_with_210000_at_sign_in()
    {
        var email = $"older-hash-{Guid.NewGuid():N}@example.com";
        const string password = "a password hashed long ago";
        await using var links = new NpgsqlConnection(shared.Stack.ConnectionString("links"));
        await links.OpenAsync(Cancellation);
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO accounts (id, email, email_normalized, password_hash) VALUES (@id, @email, @email, @hash)", links))
        {
            insert.Parameters.AddWithValue("id", Guid.CreateVersion7());
            insert.Parameters.AddWithValue("email", email);
            insert.Parameters.AddWithValue("hash", IdentityV3Hash(password, iterations: 100_000));
            await insert.ExecuteNonQueryAsync(Cancellation);
        }

        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        await TestUser.SignInAsync(api, email, password, Cancellation);

        await using var select = new NpgsqlCommand("SELECT password_hash FROM accounts WHERE email_normalized = @email", links);
        select.Parameters.AddWithValue("email", email);
        var stored = Convert.FromBase64String((string)(await select.ExecuteScalarAsync(Cancellation))!);
        Assert.Equal(210_000u, BinaryPrimitives.ReadUInt32BigEndian(stored.AsSpan(5)));
    }

    // ASP.NET Core Identity's V3 hash: 0x01, PRF (2: HMAC-SHA512), iterations, salt length, salt, 32-byte subkey.
    private static string IdentityV3Hash(string password, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var subkey = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA512, 32);
        var hash = new byte[13 + salt.Length + subkey.Length];
        hash[0] = 0x01;
        BinaryPrimitives.WriteUInt32BigEndian(hash.AsSpan(1), 2);
        BinaryPrimitives.WriteUInt32BigEndian(hash.AsSpan(5), (uint)iterations);
        BinaryPrimitives.WriteUInt32BigEndian(hash.AsSpan(9), (uint)salt.Length);
        salt.CopyTo(hash, 13);
        subkey.CopyTo(hash, 13 + salt.Length);
        return Convert.ToBase64String(hash);
    }

    private static string Base64(string base64Url)
    {
        var padded = base64Url.Replace('-', '+').Replace('_', '/');
        return padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '=');
    }

    private async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string token)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request, Cancellation);
    }

    [Fact]
    public async Task A_token_issued_by_one_replica_is_accepted_by_every_replica()
    {
        var replicas = ApiEndpoints.EachReplica(shared.Stack);
        Assert.Equal(3, replicas.Count);
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);

        foreach (var (issuer, issuerClient) in replicas)
        {
            var token = await TestUser.SignInAsync(issuerClient, user.Email, user.Password, Cancellation);
            foreach (var (validator, validatorClient) in replicas)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/links");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await validatorClient.SendAsync(request, Cancellation);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"a token from {issuer} answered {response.StatusCode} at {validator}");
                Assert.Equal(validator, Assert.Single(response.Headers.GetValues(ContractHeaders.ServedBy)));
            }
        }
        foreach (var (_, client) in replicas)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task A_token_with_a_changed_payload_or_none_at_all_is_refused_with_401()
    {
        using var api = ApiEndpoints.ThroughProxy(shared.Stack);
        var user = await TestUser.SignUpAsync(shared.Stack, Cancellation);
        var parts = user.Token.Split('.');
        var payload = Convert.FromBase64String(parts[1].Replace('-', '+').Replace('_', '/').PadRight((parts[1].Length + 3) / 4 * 4, '='));
        var forgedPayload = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
            System.Text.Encoding.UTF8.GetString(payload).Replace(user.Email, "someone-else@example.com", StringComparison.Ordinal))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        foreach (var token in new[] { $"{parts[0]}.{forgedPayload}.{parts[2]}", "not-a-token", "" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/links");
            if (token.Length > 0)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            using var response = await api.SendAsync(request, Cancellation);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
