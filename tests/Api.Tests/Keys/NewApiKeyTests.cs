using Api.Keys;

namespace Api.Tests.Keys;

public sealed class NewApiKeyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-12-07T10:00:01Z")]
    [InlineData("2026-12-07t11:00:00.5+01:00")]
    [InlineData("2036-12-01T00:00:00-05:00")]
    [InlineData(null)]
    public void A_name_and_a_future_rfc_3339_expiry_or_none_are_accepted(string? expiresAt)
    {
        Assert.True(NewApiKey.TryCreate(new CreateApiKeyRequest("deploy", expiresAt), Now, out var key, out var errors), string.Join(" ", errors.SelectMany(e => e.Value)));
        Assert.Equal("deploy", key!.Name);
        Assert.Equal(expiresAt is null ? null : DateTimeOffset.Parse(expiresAt, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime(), key.ExpiresAt);
    }

    [Theory]
    [InlineData("2026-12-07T10:00:00Z")] // now is not the future
    [InlineData("2026-12-07T10:00:00")] // no offset
    [InlineData("2026-12-08")]
    [InlineData("2027-02-30T00:00:00Z")]
    [InlineData("2037-01-01T00:00:00Z")] // over ten years
    [InlineData("12/31/2027 10:00:00 +00:00")]
    [InlineData(" 2027-01-01T00:00:00Z")]
    public void A_malformed_past_or_too_distant_expiry_is_refused_with_a_message_for_expiresAt(string expiresAt)
    {
        Assert.False(NewApiKey.TryCreate(new CreateApiKeyRequest("deploy", expiresAt), Now, out _, out var errors));
        Assert.Equal(["expiresAt"], errors.Keys);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("tab\tinside")]
    [InlineData("bidi\u202Eoverride")]
    [InlineData("zero\u200Bwidth")]
    public void A_missing_or_hidden_character_name_is_refused_with_a_message_for_name(string? name)
    {
        Assert.False(NewApiKey.TryCreate(new CreateApiKeyRequest(name, null), Now, out _, out var errors));
        Assert.Equal(["name"], errors.Keys);
    }

    [Fact]
    public void A_name_may_be_100_characters_not_101()
    {
        Assert.True(NewApiKey.TryCreate(new CreateApiKeyRequest(new string('n', 100), null), Now, out _, out _));
        Assert.False(NewApiKey.TryCreate(new CreateApiKeyRequest(new string('n', 101), null), Now, out _, out _));
    }

    [Fact]
    public void A_generated_key_has_its_prefix_and_is_recognised_and_a_changed_one_is_not()
    {
        var key = ApiKeySecret.Generate();
        Assert.StartsWith(ApiKeySecret.Prefix, key);
        Assert.True(ApiKeySecret.CouldBeKey(key));
        Assert.False(ApiKeySecret.CouldBeKey(key[..^1]));
        Assert.False(ApiKeySecret.CouldBeKey("xyz_" + key[4..]));
        Assert.False(ApiKeySecret.CouldBeKey(key[..^1] + "!"));
        Assert.NotEqual(key, ApiKeySecret.Generate());
    }
}
